"""Build the demo's media from the deck: slides drawn as HTML and rendered by Chromium
(PNG frames, a PDF deck, course covers and a lesson diagram), narration spoken by
espeak-ng, and ffmpeg joining frames and narration into an MP4 with WebVTT captions
timed to each sentence.

The results are committed (a few hundred KB), so `make run` needs none of these tools;
run this again after changing the text below:

    apt-get install ffmpeg espeak-ng chromium fonts-wqy-microhei
    .venv/bin/python -m learning.demo_media.build
"""

import html
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

HERE = Path(__file__).resolve().parent
OUT = HERE / "files"
CHROMIUM = "/usr/bin/chromium"
FONT = '"WenQuanYi Micro Hei", "Noto Sans CJK SC", sans-serif'

# The video: each slide with the sentences spoken over it (deck: 七步法).
VIDEO_SLIDES = [
    ("七步法", "把客户问题想清楚", ["遇到客户问题，先别急着给方案。", "七步法帮你把问题想清楚，再动手。"]),
    (
        "前三步：看清问题",
        "察觉问题 · 陈述问题 · 理清问题",
        [
            "第一步，察觉问题：流失的信号往往早于客户开口。",
            "第二步，陈述问题：用一句话写下发生了什么。",
            "第三步，理清问题：分清是谁的问题，影响多大。",
        ],
    ),
    (
        "中间两步：找原因、定目标",
        "原因识别 · 确定决策目标",
        ["第四步，原因识别：对手给了什么，客户为什么接受。", "第五步，确定决策目标：要留住什么，能放弃什么。"],
    ),
    (
        "最后两步：拿方案、做决策",
        "制定行动方案 · 评估方案并决策",
        ["第六步，制定行动方案：至少准备两个方案。", "第七步，评估方案并决策：比较代价和收益，再行动。"],
    ),
]

# The PDF deck: 集团客户需求放大镜 (deep needs analysis), one list per page.
DECK = [
    ("集团客户需求放大镜", ["看清客户真正的需求", "效能学院 · 定制课程讲义"]),
    (
        "谁决策、谁影响、谁使用",
        ["决策者：拍板预算与合作对象", "影响者：技术、财务、业务部门的意见", "使用者：每天用我们业务的员工"],
    ),
    ("需求的三层", ["表面需求：客户说出口的", "业务需求：客户的业务要达成的", "潜在需求：客户还没意识到的"]),
    ("挖掘需求的提问", ["现在的业务流程哪里最费时？", "明年业务扩张需要什么支撑？", "上一次换供应商是因为什么？"]),
    ("从需求到整合方案", ["把需求按业务场景归类", "每个场景对应一项产品或服务", "用信息化应用提高客户的转换成本"]),
]

# Each course's cover colours, by course slug.
COVERS = {
    "market-analysis": ("#0b5cab", "#084683"),
    "needs-magnifier": ("#1e6b3a", "#134726"),
    "attack-and-defend": ("#b4410e", "#7a2c09"),
    "seven-steps": ("#33418f", "#222c63"),
}

PAGE = """<!DOCTYPE html><html lang="zh-Hans"><head><meta charset="utf-8"><style>
html, body {{ margin: 0; }}
body {{ font-family: {font}; }}
.slide {{ width: 1280px; height: 720px; box-sizing: border-box; padding: 80px 96px; display: flex;
  flex-direction: column; justify-content: center; background: linear-gradient(135deg, #f5f7fa, #e8f1fb);
  color: #1f2933; page-break-after: always; position: relative; }}
.slide h1 {{ font-size: 64px; margin: 0 0 24px; color: #084683; }}
.slide h2 {{ font-size: 36px; margin: 0 0 32px; color: #52606d; font-weight: normal; }}
.slide ul {{ font-size: 38px; line-height: 1.7; margin: 0; padding-left: 1.2em; }}
.slide footer {{ position: absolute; left: 96px; bottom: 40px; font-size: 22px; color: #52606d; }}
.cover {{ width: 960px; height: 400px; box-sizing: border-box; padding: 56px 64px; display: flex;
  flex-direction: column; justify-content: flex-end; color: #fff; }}
.cover {{ position: relative; overflow: hidden; }}
.ring {{ position: absolute; border-radius: 50%; border: 36px solid rgba(255, 255, 255, 0.12); }}
.diagram {{ width: 1200px; height: 520px; box-sizing: border-box; padding: 40px; background: #fff;
  display: grid; grid-template-columns: repeat(3, 1fr); gap: 24px; font-size: 26px; }}
.diagram section {{ border-radius: 16px; padding: 24px; }}
.diagram h3 {{ font-size: 36px; margin: 0 0 12px; }}
</style></head><body>{body}</body></html>"""


def _slide(title, subtitle, points=(), footer="效能学院 · 七步法"):
    items = "".join(f"<li>{html.escape(point)}</li>" for point in points)
    return (
        f'<section class="slide"><h1>{html.escape(title)}</h1>'
        + (f"<h2>{html.escape(subtitle)}</h2>" if subtitle else "")
        + (f"<ul>{items}</ul>" if items else "")
        + f"<footer>{html.escape(footer)}</footer></section>"
    )


def _run(*command):
    subprocess.run(command, check=True, capture_output=True)


def _duration(path):
    result = subprocess.run(
        ["ffprobe", "-v", "error", "-show_entries", "format=duration", "-of", "csv=p=0", str(path)],
        check=True,
        capture_output=True,
        text=True,
    )
    return float(result.stdout.strip())


def _timestamp(seconds):
    minutes, rest = divmod(seconds, 60)
    return f"00:{int(minutes):02d}:{rest:06.3f}"


def render_pictures(work):
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=["--no-sandbox"])
        page = browser.new_page(viewport={"width": 1280, "height": 720})
        for number, (title, subtitle, _sentences) in enumerate(VIDEO_SLIDES):
            page.set_content(PAGE.format(font=FONT, body=_slide(title, subtitle)))
            page.screenshot(path=str(work / f"slide-{number}.png"))
        deck = "".join(_slide(title, "", points, "集团客户需求放大镜") for title, points in DECK)
        page.set_content(PAGE.format(font=FONT, body=deck))
        page.pdf(path=str(OUT / "needs-magnifier-deck.pdf"), width="1280px", height="720px", print_background=True)
        page.set_viewport_size({"width": 960, "height": 400})
        for slug, (start, end) in COVERS.items():
            # No words on the cover: the course title sits beside it, in the reader's language.
            body = (
                f'<div class="cover" style="background: linear-gradient(120deg, {start}, {end})">'
                '<span class="ring" style="left: 620px; top: -120px; width: 420px; height: 420px"></span>'
                '<span class="ring" style="left: 760px; top: 180px; width: 260px; height: 260px"></span>'
                '<span class="ring" style="left: -80px; top: 250px; width: 240px; height: 240px"></span></div>'
            )
            page.set_content(PAGE.format(font=FONT, body=body))
            page.screenshot(path=str(work / f"cover-{slug}.png"))
            _run("ffmpeg", "-y", "-i", str(work / f"cover-{slug}.png"), "-q:v", "5", str(OUT / f"cover-{slug}.jpg"))
        page.set_viewport_size({"width": 1200, "height": 520})
        stages = [
            ("售前", "#e8f1fb", "集团客户经理牵头", "拜访 · 挖掘需求 · 整合方案 · 谈判签约"),
            ("售中", "#fdf0e8", "业务支撑部门牵头", "工单 · 数据制作 · 开通测试 · 上线"),
            ("售后", "#e6f4ea", "市县客户经理牵头", "回访 · 关系维护 · 投诉处理 · 变更"),
        ]
        body = (
            '<div class="diagram">'
            + "".join(
                f'<section style="background:{color}"><h3>{name}</h3>'
                f"<p><strong>{lead}</strong></p><p>{work_items}</p></section>"
                for name, color, lead, work_items in stages
            )
            + "</div>"
        )
        page.set_content(PAGE.format(font=FONT, body=body))
        page.screenshot(path=str(work / "sales-stages.png"))
        _run("ffmpeg", "-y", "-i", str(work / "sales-stages.png"), "-q:v", "5", str(OUT / "sales-stages.jpg"))
        browser.close()


def build_video(work):
    cues, segments, clock = [], [], 0.0
    for number, (_title, _subtitle, sentences) in enumerate(VIDEO_SLIDES):
        slide_start = clock
        for index, sentence in enumerate(sentences):
            wav = work / f"voice-{number}-{index}.wav"
            _run("espeak-ng", "-v", "cmn", "-s", "150", "-w", str(wav), sentence)
            length = _duration(wav)
            cues.append((clock, clock + length, sentence))
            clock += length
        segments.append((work / f"slide-{number}.png", clock - slide_start))
    voices = sorted(work.glob("voice-*.wav"), key=lambda path: [int(part) for part in path.stem.split("-")[1:]])
    (work / "voices.txt").write_text("".join(f"file '{path}'\n" for path in voices))
    _run("ffmpeg", "-y", "-f", "concat", "-safe", "0", "-i", str(work / "voices.txt"), str(work / "narration.wav"))
    frames = "".join(f"file '{path}'\nduration {length:.3f}\n" for path, length in segments)
    frames += f"file '{segments[-1][0]}'\n"
    (work / "frames.txt").write_text(frames)
    _run(
        "ffmpeg", "-y", "-f", "concat", "-safe", "0", "-i", str(work / "frames.txt"),
        "-i", str(work / "narration.wav"),
        "-vf", "scale=960:540,format=yuv420p,fps=10", "-c:v", "libx264", "-tune", "stillimage", "-crf", "30",
        "-c:a", "aac", "-b:a", "48k", "-ac", "1", "-shortest", "-movflags", "+faststart",
        str(OUT / "seven-steps.mp4"),
    )  # fmt: skip
    vtt = ["WEBVTT", ""]
    for number, (start, end, text) in enumerate(cues, start=1):
        vtt += [str(number), f"{_timestamp(start)} --> {_timestamp(end)}", text, ""]
    (OUT / "seven-steps.vtt").write_text("\n".join(vtt), encoding="utf-8")
    shutil.copy(work / "slide-0.png", work / "poster.png")
    _run(
        "ffmpeg",
        "-y",
        "-i",
        str(work / "slide-0.png"),
        "-vf",
        "scale=960:540",
        "-q:v",
        "6",
        str(OUT / "seven-steps-poster.jpg"),
    )


def main():
    for tool in ("ffmpeg", "ffprobe", "espeak-ng", CHROMIUM):
        if shutil.which(tool) is None:
            sys.exit(f"{tool} is missing: apt-get install ffmpeg espeak-ng chromium fonts-wqy-microhei")
    OUT.mkdir(exist_ok=True)
    with tempfile.TemporaryDirectory() as folder:
        work = Path(folder)
        render_pictures(work)
        build_video(work)
    for path in sorted(OUT.iterdir()):
        print(f"{path.relative_to(HERE)}  {path.stat().st_size // 1024} KB")


if __name__ == "__main__":
    main()
