"""The demo academy plus one of every private object, owned by the demo learner 陈晓:
what the permission matrix and the bad-input sweep request every route against."""

from datetime import timedelta
from io import StringIO
from types import SimpleNamespace

from django.contrib.auth.models import Group
from django.core.files.base import ContentFile
from django.core.management import call_command
from django.utils import timezone
from wagtail.documents.models import Document
from wagtail.models import APIToken, Collection, Site, Workflow, WorkflowTask

from accounts.models import Region, Team, User
from api.models import Scope, TokenScopes
from capture.models import Experience, ExperienceCause, ExperienceLessonPage
from cases.models import CaseStudyPage
from competencies.models import PersonGrade, PlanItem
from competencies.services import add_to_plan
from core.engagement import add_comment
from core.models import Industry, Product, SearchTerm, SynonymGroup
from knowledge.digests import unsubscribe_token
from knowledge.models import Application, FieldNote, KnowledgeSettings
from knowledge.services import ask_expert
from learning.models import CoursePage, LessonMedia, LessonPage, ScormPackage
from quizzes.models import (
    AttemptAnswer,
    Certificate,
    Certification,
    Question,
    QuestionCategory,
    QuestionImport,
    QuizOverride,
    QuizPage,
    SignOff,
)
from quizzes.services import start_attempt
from tests.factories import previewed_people_import

# The people of the matrix, by the role they play towards 陈晓's things.
ROLES = {
    "anonymous": None,
    "learner": "learner",  # 陈晓: owns the draft, the attempt, the plan, the certificate
    "other_learner": "wujing",  # another team, owns nothing here
    "director": "director",  # leads 陈晓's team
    "other_director": "director2",  # leads another team
    "editor": "editor",
    "assessor": "assessor",
    "admin": "admin",
}


def build_world():
    call_command("load_demo", allow_production=True, stdout=StringIO())
    learner = User.objects.get(username="learner")
    lesson = ExperienceLessonPage.objects.live().first()
    quiz = QuizPage.objects.live().first()
    draft = Experience.objects.create(author=learner, problem="草稿：客户要停专线", actions="还没想好")
    ExperienceCause.objects.create(experience=draft, cause="只维护了一个联系人")
    submitted = Experience.objects.create(
        author=learner, problem="已提交：客户要停专线", actions="拜访", lesson="回访", state=Experience.State.SUBMITTED
    )
    comment = add_comment(user=learner, page=lesson, body="矩阵测试的评论")
    attempt = start_attempt(user=learner, quiz=quiz)
    answer = AttemptAnswer.objects.filter(kind=Question.Kind.ESSAY).first() or attempt.answers.first()
    certification = Certification.objects.first()
    certificate = Certificate.objects.filter(user=learner).first() or Certificate.objects.create(
        user=learner, certification=certification
    )
    sign_off = SignOff.objects.create(user=learner, certification=certification, role=SignOff.Role.DIRECTOR)
    course = CoursePage.objects.live().first()
    plan_item = PlanItem.objects.filter(user=learner).first() or add_to_plan(user=learner, page=course)
    document = Document.objects.create(title="矩阵文件", file=ContentFile(b"matrix", name="matrix.txt"))
    revision = lesson.save_revision()
    question_import = QuestionImport.objects.create(
        file=ContentFile(
            "type,question,competency,level,correct\n判断,矩阵导入,needs-analysis,1,对\n".encode(), name="matrix.csv"
        ),
        original_name="matrix.csv",
        created_by=User.objects.get(username="editor"),
        default_category=QuestionCategory.objects.first(),
    )
    api_token, _secret = APIToken.create_token(user=User.objects.get(username="admin"), name="矩阵令牌")
    TokenScopes.objects.create(token=api_token, scopes=[Scope.PAGES])
    people_import = previewed_people_import(
        created_by=User.objects.get(username="admin"),
        employee_number="M0001",
        name="矩阵新人",
        problems=[[2, "工号", "矩阵测试的问题"]],
    )
    application = Application.objects.filter(user=learner).first()
    field_note = FieldNote.objects.filter(state=FieldNote.State.OPEN).first()
    asked_of_learner = ask_expert(
        user=User.objects.get(username="liuyang"), expert=learner, topic="矩阵", question="矩阵测试的提问"
    )
    return SimpleNamespace(
        application=application,
        field_note=field_note,
        question=asked_of_learner,
        unsubscribe_token=unsubscribe_token(learner.pk),
        knowledge_settings=KnowledgeSettings.load(),
        question_import=question_import,
        people_import=people_import,
        learner=learner,
        team=Team.objects.get(director__username="director"),
        lesson=lesson,
        course=course,
        course_lesson=LessonPage.objects.live().first(),
        media=LessonMedia.objects.first(),
        package=ScormPackage.objects.first(),
        case=CaseStudyPage.objects.live().first(),
        quiz=quiz,
        draft=draft,
        submitted=submitted,
        comment=comment,
        attempt=attempt,
        answer=answer,
        certificate=certificate,
        sign_off=sign_off,
        plan_item=plan_item,
        document=document,
        revision=revision,
        expires=timezone.now() + timedelta(days=1),
        snippets={
            "core_industry": Industry.objects.first(),
            "core_product": Product.objects.first(),
            "core_searchterm": SearchTerm.objects.first() or SearchTerm.objects.create(term="矩阵"),
            "core_synonymgroup": SynonymGroup.objects.first() or SynonymGroup.objects.create(terms="专线, 企业专线"),
            "core_comment": comment,
            "competencies_competency": _first("competencies", "Competency"),
            "competencies_proficiencylevel": _first("competencies", "ProficiencyLevel"),
            "competencies_jobgrade": _first("competencies", "JobGrade"),
            "competencies_persongrade": PersonGrade.objects.filter(user=learner).first()
            or PersonGrade.objects.create(user=learner, grade=_first("competencies", "JobGrade")),
            "quizzes_question": Question.objects.first(),
            "quizzes_questioncategory": QuestionCategory.objects.first(),
            "quizzes_certification": certification,
            "quizzes_certificate": certificate,
            "quizzes_quizoverride": QuizOverride.objects.create(
                user=learner, quiz=quiz, max_attempts=5, reason="矩阵"
            ),
            "capture_experience": draft,
            "learning_scormpackage": ScormPackage.objects.first(),
        },
        models={
            "teams": Team.objects.get(director__username="director"),
            "regions": Region.objects.first(),
            "wagtailusers_users": learner,
            "wagtailusers_groups": Group.objects.get(name="Learners"),
            "wagtailsites": Site.objects.first(),
            "wagtailadmin_collections": Collection.objects.first(),
            "wagtailadmin_workflows": Workflow.objects.first(),
            "wagtailadmin_workflows_tasks": WorkflowTask.objects.first(),
            "wagtailmedia": LessonMedia.objects.first(),
            "wagtailmedia_chooser": LessonMedia.objects.first(),
            "wagtailusers_api_tokens": api_token,
        },
    )


def _first(app_label, model_name):
    from django.apps import apps

    return apps.get_model(app_label, model_name).objects.order_by("pk").first()
