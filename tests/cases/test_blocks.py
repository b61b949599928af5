"""Every block a case can be told in renders what the editor typed, under its own
heading, and leaves out what was left empty."""

import io

import pytest
from django.core.files.images import ImageFile
from PIL import Image as PILImage
from wagtail.documents import get_document_model
from wagtail.embeds.embeds import get_embed_hash
from wagtail.embeds.models import Embed
from wagtail.images import get_image_model

from cases.models import CaseStudyPage
from tests.cases.conftest import analysis_body, make_case
from tests.conftest import EN

pytestmark = pytest.mark.django_db

VIDEO_URL = "https://v.qq.com/x/page/demo-case.html"


@pytest.fixture
def image(db):
    buffer = io.BytesIO()
    PILImage.new("RGB", (40, 30), "#0b5cab").save(buffer, format="PNG")
    return get_image_model().objects.create(title="决策链关系图", file=ImageFile(buffer, name="chain.png"))


@pytest.fixture
def document(db):
    from django.core.files.base import ContentFile

    document = get_document_model()(title="客户决策链梳理表")
    document.file.save("chain.csv", ContentFile("角色,姓名\n".encode()))
    document.save()
    return document


@pytest.fixture
def cached_embed(db):
    # Wagtail looks an embed up in its own table before asking the provider, so the
    # test never goes to the network.
    return Embed.objects.create(
        url=VIDEO_URL,
        hash=get_embed_hash(VIDEO_URL),
        type="video",
        html='<iframe title="案例复盘视频" src="https://v.qq.com/iframe/demo"></iframe>',
        title="案例复盘视频",
    )


def every_block(image, document, page):
    return [
        {"type": "heading", "value": {"text": "项目经过", "size": "h2"}},
        {"type": "paragraph", "value": "<p>这是一段<b>正文</b>。</p>"},
        {
            "type": "image",
            "value": {
                "image": {"image": image.pk, "decorative": False, "alt_text": "关系图"},
                "caption": "客户决策链",
            },
        },
        {"type": "quote", "value": {"text": "流程可以后补，现场必须先到。", "attribution": "网络部经理"}},
        {
            "type": "cards",
            "value": {"heading": "三个要点", "cards": [{"title": "先到现场", "text": "24小时内", "page": page.pk}]},
        },
        {"type": "document", "value": {"document": document.pk, "title": "下载梳理表"}},
        {"type": "embed", "value": VIDEO_URL},
        {"type": "background", "value": {"text": "<p>客户有三个分拣中心。</p>"}},
        {"type": "challenge", "value": {"text": "<p>客户要求解约。</p>"}},
        analysis_body(noticed="客户换了领导", causes="单路由接入\n没有备份", decision="选择双路由改造"),
        {"type": "actions", "value": {"text": "<p>当晚带工程师到现场。</p>"}},
        {
            "type": "outcome",
            "value": {
                "result": "won",
                "summary": "续约三年",
                "figures": [{"value": "3年", "label": "续约期限"}, {"value": "+42万元", "label": "新增收入"}],
            },
        },
        {"type": "lessons", "value": {"points": ["现场必须先到", "补偿要回答真正的担心"]}},
        {
            "type": "discussion_questions",
            "value": {"intro": "结合自己的客户回答：", "questions": ["哪些客户还是单路由？"]},
        },
        {"type": "attachments", "value": {"documents": [document.pk]}},
    ]


def test_every_block_renders_with_its_heading(client, case_index, image, document, cached_embed, home_page):
    case = make_case(case_index, body=every_block(image, document, home_page))
    html = client.get(case.url).content.decode()
    for expected in (
        '<h2 class="block-heading">项目经过</h2>',
        "这是一段<b>正文</b>",
        'alt="关系图"',
        "<figcaption>客户决策链</figcaption>",
        "流程可以后补，现场必须先到。",
        "先到现场",
        "下载梳理表",
        'title="案例复盘视频"',
        "<h2>背景</h2>",
        "客户有三个分拣中心。",
        "<h2>挑战</h2>",
        "<h2>七步法分析</h2>",
        "第 1 步：察觉问题",
        "单路由接入<br>没有备份",
        "第 7 步：评估方案并决策",
        "<h2>我们怎么做的</h2>",
        "结果：成功（赢单或保住客户）",
        "<dt>续约期限</dt><dd>3年</dd>",
        "<h2>经验教训</h2>",
        "<li>补偿要回答真正的担心</li>",
        "<h2>团队讨论题</h2>",
        "<li>哪些客户还是单路由？</li>",
        "<h2>附件</h2>",
        "客户决策链梳理表",
    ):
        assert expected in html, expected
    # Steps left empty are not shown.
    assert "陈述问题" not in html and "确定决策目标" not in html


def test_blocks_speak_english_too(client, case_index, image, document, cached_embed, home_page):
    case = make_case(case_index, body=every_block(image, document, home_page))
    html = client.get(case.url, **EN).content.decode()
    assert "<h2>Background</h2>" in html and "Step 4: Find the causes" in html
    assert "Outcome: Won or kept the customer" in html and "<h2>Questions for team discussion</h2>" in html


def test_an_analysis_with_no_step_filled_is_refused():
    from django.core.exceptions import ValidationError

    block = CaseStudyPage.body.field.stream_block.child_blocks["analysis"]
    with pytest.raises(ValidationError):
        block.clean(block.to_python({name: "" for name, _label in block.child_blocks.items()}))
    assert block.clean(block.to_python({"goal": "一个月内见到分管副院长"}))["goal"]
