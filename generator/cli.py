"""Command line: `chuongtrinh build | validate | new | schema`. Thin: parses, calls a stage, prints.

Exit codes: 0 success; 1 bad input or a failed build; 2 wrong usage; 3 an internal error
(details written to a log file, never a bare traceback); 130 stopped by Ctrl-C or SIGTERM.
Every text a user reads goes through i18n: Vietnamese by default, English with --lang en.
"""
from __future__ import annotations

import functools
import signal
import sys
import tempfile
import time
import traceback
from collections import Counter
from pathlib import Path

import click

from generator import __version__
from generator.build import build as build_outputs
from generator.compose.document import DEFAULT_KIND, compose, load_kind
from generator.errors import ChuongTrinhError, UsageError, relative
from generator.i18n import N_, _, click_text, set_language
from generator.read.model import load_province
from generator.read.organisations import changeover
from generator.read.plan import UNITS_34_DIR, files_to_validate, plan, unknown_slug
from generator.profiles.profile import load_profile
from generator.read.register import register_34, register_63
from generator.read.scaffold import skeleton
from generator.read.schema import schema_text

CONTEXT = {"help_option_names": ["-h", "--help"], "max_content_width": 100}
PATH = click.Path(file_okay=False, path_type=Path)


class _Translated:
    """Help texts are written in Vietnamese and translated when shown, once the language is known."""

    def get_short_help_str(self, limit: int = 45) -> str:
        with _translated_help(self):
            return super().get_short_help_str(limit)

    def format_help_text(self, ctx, formatter) -> None:
        with _translated_help(self):
            super().format_help_text(ctx, formatter)

    def get_help_option(self, ctx):
        # click makes (and caches) this option with its text in the language of the moment.
        option = super().get_help_option(ctx)
        if option is not None:
            option.help = click_text("Show this message and exit.")
        return option


class _translated_help:
    def __init__(self, owner):
        self.owner, self.original = owner, owner.help

    def __enter__(self):
        if self.original:
            self.owner.help = _(self.original)

    def __exit__(self, *exc):
        self.owner.help = self.original


class _Command(_Translated, click.Command):
    pass


class _Option(click.Option):
    def get_help_record(self, ctx):
        with _translated_help(self):
            return super().get_help_record(ctx)


class _Group(_Translated, click.Group):
    """Also turns user errors and Ctrl-C into messages and exit codes, for every command."""

    command_class = _Command

    def invoke(self, ctx: click.Context):
        try:
            return super().invoke(ctx)
        except ChuongTrinhError as e:
            for problem in e.problems:
                click.echo(str(problem), err=True)
            ctx.exit(e.exit_code)
        except KeyboardInterrupt:
            click.echo(_("Đã dừng theo yêu cầu (Ctrl-C)."), err=True)
            ctx.exit(130)


option = functools.partial(click.option, cls=_Option)


def main() -> None:
    """Entry point of the console script; the one place a bug is caught and logged."""
    set_language(None)
    try:
        cli.main(prog_name="chuongtrinh")
    except Exception:  # noqa: BLE001 - bugs only: user errors never get here
        log = Path(tempfile.gettempdir()) / "chuongtrinh-loi.log"
        log.write_text(traceback.format_exc(), encoding="utf-8")
        click.echo(_("lỗi nội bộ của chuongtrinh; chi tiết đã ghi vào {log}. Xin báo lại cho nhóm phát triển.",
                     log=log), err=True)
        sys.exit(3)


def _choose_language(ctx, param, value):
    if value:
        set_language(value)


@click.group(cls=_Group, context_settings=CONTEXT, help=N_(
    "Soạn dự thảo Chương trình thực hiện Kết luận số 93-KL/TW của tỉnh ủy, thành ủy, trình bày đúng thể "
    "thức văn bản của Đảng (Hướng dẫn 36-HD/VPTW).\n\nMỗi tỉnh có một tệp provinces/<mã tỉnh>.yaml; "
    "kết quả ghi vào output/<mã tỉnh>.docx."))
@click.version_option(__version__, prog_name="chuongtrinh", message="%(prog)s %(version)s")
@option("--lang", type=click.Choice(["vi", "en"]), is_eager=True, expose_value=False, callback=_choose_language,
        help=N_("Ngôn ngữ của thông báo (mặc định: tiếng Việt, hoặc theo biến LANG)."))
def cli() -> None:
    pass


@cli.command(context_settings=CONTEXT, help=N_(
    "Dựng văn bản .docx cho các tỉnh đã nêu (theo mã tỉnh, ví dụ thanh-hoa, hoặc đường dẫn tệp YAML).\n\n"
    "\b\nVí dụ:\n  chuongtrinh build thanh-hoa ha-noi -o output/\n  chuongtrinh build provinces/can-tho.yaml\n"
    "  chuongtrinh build --all --jobs 2\n\n"
    "Chỉ dựng lại tỉnh có thay đổi (tệp tỉnh, mẫu, thể thức, phiên bản). Văn bản đã bị sửa tay trong thư mục "
    "kết quả không bị ghi đè: bản mới ghi thành <mã tỉnh>.new.docx. Tỉnh nào lỗi thì báo lỗi (tệp:dòng:cột), "
    "các tỉnh khác vẫn được dựng; mã thoát 1 nếu có tỉnh lỗi, 130 khi bị dừng (Ctrl-C)."))
@click.argument("targets", nargs=-1, metavar="[MÃ_TỈNH | TỆP.yaml]...")
@option("--all", "build_everything", is_flag=True,
        help=N_("Dựng mọi tỉnh có trong thư mục provinces/ (mặc định khi không nêu tỉnh nào)."))
@option("-o", "--output", "out_dir", type=PATH, default=Path("output"), show_default=True,
        help=N_("Thư mục ghi văn bản và manifest.json."))
@option("--provinces", "provinces_dir", type=PATH, default=Path("provinces"), show_default=True,
        help=N_("Thư mục chứa các tệp tỉnh."))
@option("-j", "--jobs", type=click.IntRange(1, 64), default=None,
        help=N_("Số tiến trình dựng song song (mặc định: số lõi CPU)."))
@option("--force", is_flag=True,
        help=N_("Dựng lại tất cả, kể cả tỉnh không đổi, và ghi đè cả văn bản đã bị sửa tay."))
@option("--final", is_flag=True, help=N_("Bản chính thức: từ chối dựng tỉnh nào còn ô cần điền (mã thoát 1)."))
@option("--pdf", is_flag=True, help=N_("Xuất thêm bản PDF qua LibreOffice cho các văn bản vừa dựng."))
@option("--no-tidy", "as_typed", is_flag=True, help=N_(
    "Giữ nguyên chữ như đã gõ (không chuẩn hóa dấu, dấu cách, ngoặc kép); chỉ báo cảnh báo."))
@option("--no-check", "skip_check", is_flag=True,
        help=N_("Không kiểm tra thể thức các văn bản vừa dựng (mặc định có kiểm tra)."))
@option("--date", "date", type=click.DateTime(["%Y-%m-%d", "%d/%m/%Y"]), default=None, metavar="YYYY-MM-DD",
        help=N_("Ngày ban hành chung cho cả đợt, thay ngày ghi trong tệp tỉnh. Từ 01/7/2025 dựng theo danh mục "
                "34 đơn vị: tệp provinces/34/<mã>.yaml nếu có, nếu không thì ghép từ tệp của các tỉnh trước hợp "
                "nhất (cần biên tập viên kiểm tra)."))
@option("--kind", "kind_name", default=DEFAULT_KIND, show_default=True, metavar="LOẠI", help=N_(
    "Loại văn bản (một thư mục trong templates/): chuong-trinh-kl93 (Chương trình của Ban Thường vụ Tỉnh ủy, "
    "thể thức của Đảng) hoặc ke-hoach-lhh (Kế hoạch của Liên hiệp Hội tỉnh, thể thức Nghị định 30)."))
def build(targets: tuple[str, ...], build_everything: bool, out_dir: Path, provinces_dir: Path,
          jobs: int | None, force: bool, final: bool, pdf: bool, as_typed: bool, skip_check: bool, date,
          kind_name: str) -> None:
    sources = plan(targets, build_everything, provinces_dir, date.date() if date else None)
    signal.signal(signal.SIGTERM, _interrupt)
    started = time.perf_counter()
    progress = Progress(len(sources))
    counts = {"built": 0, "unchanged": 0, "failed": 0, "kept": 0, "nonconforming": 0}
    fresh, holes = [], 0
    for outcome in build_outputs(sources, out_dir, jobs=jobs, force=force, final=final, tidy_text=not as_typed,
                                 check=not skip_check, kind_name=kind_name):
        counts[outcome.action] += 1
        holes += outcome.placeholders
        if outcome.action in ("built", "kept", "nonconforming"):
            fresh.append(outcome.output)
        progress.show(outcome)
    progress.done()
    failed = counts["failed"] + counts["nonconforming"]
    if pdf and fresh:
        try:
            for path in export_pdf(fresh, out_dir, jobs):
                click.echo(_("đã xuất {path}", path=relative(path)))
        except ChuongTrinhError as e:
            failed += 1
            for problem in e.problems:
                click.echo(str(problem), err=True)
    summary = _("Xong sau {seconds} giây: {built} văn bản dựng mới, {unchanged} không đổi, {failed} lỗi, "
                "{holes} ô cần điền", seconds=f"{time.perf_counter() - started:.1f}", built=counts["built"],
                unchanged=counts["unchanged"], failed=counts["failed"], holes=holes)
    if counts["nonconforming"]:
        summary += _(", {count} văn bản sai thể thức", count=counts["nonconforming"])
    if counts["kept"]:
        summary += _(", {kept} văn bản sửa tay được giữ nguyên (bản mới: *.new.docx)", kept=counts["kept"])
    if counts["unchanged"] == len(sources):
        summary += _("; không có gì thay đổi")
    click.echo(summary + ".", err=bool(failed))
    if failed:
        sys.exit(1)


def export_pdf(documents: list[Path], out_dir: Path, jobs: int | None) -> list[Path]:
    """PDF through LibreOffice, warning first when neither Times New Roman nor a metric-compatible
    font is installed (line and page breaks would then differ from Word's)."""
    from generator.write.pdf import font_status, to_pdf  # LibreOffice is only needed here
    if font_status() is None:
        click.echo(_("cảnh báo: máy không có phông Times New Roman hay Liberation Serif; ngắt dòng, ngắt trang "
                     "trong PDF sẽ khác Word (cài: apt-get install fonts-liberation)"), err=True)
    return to_pdf(documents, out_dir, jobs=jobs)


def _interrupt(signum, frame):
    raise KeyboardInterrupt


class Progress:
    """One line per province when the output is a file or pipe; a live counter on a terminal."""

    def __init__(self, total: int):
        self.total = total
        self.seen = 0
        self.live = sys.stdout.isatty()

    def show(self, outcome) -> None:
        self.seen += 1
        for problem in outcome.problems:
            self._clear()
            click.echo(str(problem), err=True)
        if outcome.action == "kept":
            self._clear()
            click.echo(_("giữ nguyên {name} (đã bị sửa tay); bản mới: {path}", name=f"{outcome.slug}.docx",
                         path=relative(outcome.output)), err=True)
        if self.live:
            click.echo(f"\r[{self.seen}/{self.total}] {outcome.slug:<22}", nl=False)
        elif outcome.action == "built":
            note = _(" ({count} ô cần điền)", count=outcome.placeholders) if outcome.placeholders else ""
            click.echo(_("đã dựng {path}", path=relative(outcome.output)) + note)

    def _clear(self) -> None:
        if self.live:
            click.echo("\r" + " " * 40 + "\r", nl=False)

    def done(self) -> None:
        self._clear()


@cli.command(context_settings=CONTEXT, help=N_(
    "Kiểm tra các tệp tỉnh mà không dựng văn bản; báo mọi lỗi dạng tệp:dòng:cột.\n\n"
    "Chữ được chuẩn hóa (Unicode dựng sẵn, bỏ dấu cách thừa, dấu ngoặc kép “ ”, đặt dấu kiểu mới: "
    "\"Thanh Hóa\", \"ủy\", \"khóa\") và báo thành cảnh báo. Với --completeness, liệt kê các ô tô vàng mà văn "
    "bản của mỗi tỉnh sẽ còn phải điền."))
@click.argument("targets", nargs=-1, metavar="[MÃ_TỈNH | TỆP.yaml]...")
@option("--provinces", "provinces_dir", type=PATH, default=Path("provinces"), show_default=True,
        help=N_("Thư mục chứa các tệp tỉnh."))
@option("--completeness", is_flag=True, help=N_("Liệt kê thêm các ô cần điền của từng tỉnh."))
@option("--fix", is_flag=True,
        help=N_("Tự chuyển chữ gõ bằng bảng mã cũ (TCVN3/ABC, VNI) sang Unicode ngay trong tệp tỉnh."))
@option("--no-tidy", "as_typed", is_flag=True, help=N_(
    "Giữ nguyên chữ như đã gõ (không chuẩn hóa dấu, dấu cách, ngoặc kép); chỉ báo cảnh báo."))
def validate(targets: tuple[str, ...], provinces_dir: Path, completeness: bool, fix: bool, as_typed: bool) -> None:
    sources = files_to_validate(targets, provinces_dir)
    errors = holes = 0
    kind = load_kind() if completeness else None
    for source in sources:
        try:
            province = load_province(source, fix=fix, tidy_text=not as_typed)
            for warning in province.warnings:
                click.echo(str(warning), err=True)
            if kind is not None:
                composed = compose(province, kind)
                labels = composed.placeholder_labels()
                holes += len(labels)
                click.echo(_("{file}: {count} ô cần điền", file=relative(source), count=len(labels))
                           + (":" if labels else "."))
                for label, count in Counter(labels).items():
                    click.echo(f"  - {label}" + (f" (×{count})" if count > 1 else ""))
                for name in composed.unconfirmed_names:
                    click.echo("  ? " + _("tên cơ quan chưa được xác nhận, cần kiểm tra: {name}", name=name))
        except ChuongTrinhError as e:
            errors += len(e.problems)
            for problem in e.problems:
                click.echo(str(problem), err=True)
    summary = _("Đã kiểm tra {files} tệp: {errors} lỗi", files=len(sources), errors=errors)
    if completeness:
        summary += _(", {holes} ô cần điền", holes=holes)
    click.echo(summary + ".", err=bool(errors))
    if errors:
        sys.exit(1)


@cli.command(context_settings=CONTEXT, help=N_(
    "Tạo tệp provinces/<MÃ_TỈNH>.yaml mẫu, có chú thích, cho một tỉnh trong danh mục.\n\n"
    "Với --year từ 2026, tỉnh lấy theo danh mục 34 đơn vị (từ 01/7/2025) và tệp ghi vào "
    "provinces/34/<MÃ_TỈNH>.yaml, nơi `build --date` tìm tệp riêng của đơn vị sau hợp nhất."))
@click.argument("slug", metavar="MÃ_TỈNH")
@option("--provinces", "provinces_dir", type=PATH, default=Path("provinces"), show_default=True,
        help=N_("Thư mục chứa các tệp tỉnh."))
@option("--year", type=click.IntRange(2020, 2100), default=2021, show_default=True,
        help=N_("Năm ban hành ghi sẵn trong tệp."))
def new(slug: str, provinces_dir: Path, year: int) -> None:
    after = year > changeover().year
    register = register_34() if after else register_63()
    entry = register.get(slug)
    if entry is None:
        raise UsageError(unknown_slug(slug, register))
    folder = provinces_dir / UNITS_34_DIR if after else provinces_dir
    path = folder / f"{slug}.yaml"
    if path.exists():
        raise ChuongTrinhError(_("{path} đã có; không ghi đè", path=path))
    folder.mkdir(parents=True, exist_ok=True)
    path.write_text(skeleton(entry, year, "../" if after else ""), encoding="utf-8")
    click.echo(_("đã tạo {path}", path=path))


@cli.command(context_settings=CONTEXT, help=N_(
    "In JSON Schema của tệp tỉnh (mô tả tiếng Việt), để trình soạn thảo gợi ý và kiểm tra khóa.\n\n"
    "Tệp provinces/province.schema.json là bản in sẵn của lệnh này; mỗi tệp tỉnh trỏ tới nó bằng dòng đầu "
    "\"# yaml-language-server: $schema=province.schema.json\"."))
def schema() -> None:
    click.echo(schema_text(), nl=False)


@cli.command(context_settings=CONTEXT, help=N_(
    "Kiểm tra thể thức văn bản .docx (bất kỳ, không chỉ văn bản do chuongtrinh tạo) theo Hướng dẫn "
    "36-HD/VPTW: mỗi chỗ sai một dòng 'TỆP: MÃ-QUY-TẮC: lời giải thích (ở: vị trí)'.\n\n"
    "Mã thoát: 0 đúng thể thức; 1 có chỗ sai; 2 không đọc được tệp. Những điều không xác định được "
    "(ví dụ cỡ chữ không ghi ở đâu cả) được báo riêng, không tính là sai. --rules liệt kê các quy tắc."))
@click.argument("files", nargs=-1, type=click.Path(dir_okay=False, path_type=Path), metavar="[TỆP.docx]...")
@option("--profile", "profile_id", default=None, metavar="ID", help=N_(
    "Bộ quy tắc thể thức: hd36, qd399 hoặc nd30. Mặc định: theo tiêu đề (văn bản của Đảng hay văn bản "
    "hành chính) và ngày ghi trên văn bản: HD 36 đến 08/01/2026, Quy định 399 từ 09/01/2026."))
@option("--format", "output_format", type=click.Choice(["text", "json"]), default="text", show_default=True,
        help=N_("Dạng kết quả."))
@option("--draft", is_flag=True, help=N_("Bản dự thảo: chấp nhận ô cần điền, số và ngày để trống."))
@option("--rules", "list_rules", is_flag=True, help=N_("Liệt kê các quy tắc rồi thoát."))
def check(files: tuple[Path, ...], profile_id: str, output_format: str, draft: bool, list_rules: bool) -> None:
    from generator.check import RULES, Options, UnreadableDocument, check_path
    if list_rules:
        for rule_id, function in RULES.items():
            click.echo(f"{rule_id}: {_(' '.join(function.__doc__.split()))}")
        return
    if not files:
        raise UsageError(_("chưa nêu tệp .docx nào"))
    profile = load_profile(profile_id) if profile_id else None
    reports, unreadable = [], []
    for path in files:
        try:
            reports.append(check_path(path, profile, Options(draft=draft)))
        except UnreadableDocument as e:
            unreadable.append(e)
            for problem in e.problems:
                click.echo(str(problem), err=True)
    if output_format == "json":
        import json
        click.echo(json.dumps([{"file": r.file, "profile": r.profile.id, "findings": [
            {"rule": f.rule, "message": f.message, "where": f.where, "certain": f.certain} for f in r.findings]}
            for r in reports], ensure_ascii=False, indent=2))
    else:
        for report in reports:
            for finding in report.violations:
                click.echo(f"{report.file}: {finding}")
            for finding in report.undetermined:
                click.echo(f"{report.file}: {finding} [{_('không xác định')}]")
        bad = sum(1 for r in reports if r.violations)
        click.echo(_("Đã kiểm tra {files} tệp: {good} đúng thể thức, {bad} có chỗ sai, {unreadable} không đọc được.",
                     files=len(files), good=len(reports) - bad, bad=bad, unreadable=len(unreadable)),
                   err=bool(bad or unreadable))
    if unreadable:
        sys.exit(2)
    if any(r.violations for r in reports):
        sys.exit(1)


@cli.command(context_settings=CONTEXT, help=N_(
    "Dựng văn bản của một tỉnh, xuất PDF và ảnh PNG của một trang, in đường dẫn ảnh (cần LibreOffice và "
    "poppler-utils)."))
@click.argument("target", metavar="MÃ_TỈNH")
@option("--page", type=click.IntRange(1, 999), default=1, show_default=True, help=N_("Trang cần xem."))
@option("-o", "--output", "out_dir", type=PATH, default=Path("output"), show_default=True,
        help=N_("Thư mục ghi văn bản và manifest.json."))
@option("--provinces", "provinces_dir", type=PATH, default=Path("provinces"), show_default=True,
        help=N_("Thư mục chứa các tệp tỉnh."))
def preview(target: str, page: int, out_dir: Path, provinces_dir: Path) -> None:
    from generator.write.pdf import page_count, preview_png
    [source] = plan((target,), False, provinces_dir)
    [outcome] = build_outputs([source], out_dir, jobs=1)
    if outcome.action == "failed":
        raise ChuongTrinhError(outcome.problems)
    document = outcome.output if outcome.action != "kept" else out_dir / f"{source.slug}.docx"
    [pdf] = export_pdf([document], out_dir, 1)
    pages = page_count(pdf)
    if pages is not None and page > pages:
        raise UsageError(_("văn bản chỉ có {pages} trang", pages=pages))
    png = preview_png(pdf, page, out_dir / f"{document.stem}-trang-{page}.png")
    click.echo(relative(png))
