"""Command line: `chuongtrinh build | validate | check | new | schema | preview`. Thin: each command
parses its options, calls one function of the library API (api.py) and prints.

Exit codes (errors.py): 0 success; 1 bad input, a document not built or not conforming; 2 wrong
usage; 3 an internal error (details written to a log file, never a bare traceback); 4 a file
`check` cannot read as .docx; 130 stopped by Ctrl-C or SIGTERM.
Every text a user reads goes through i18n: Vietnamese by default, English with --lang en.
"""
from __future__ import annotations

import datetime as dt
import functools
import json
import signal
import sys
from collections import Counter
from pathlib import Path
from typing import Any

import click

from generator import __version__, api
from generator.errors import (
    EXIT_CODES,
    EXIT_FAILED,
    EXIT_INTERNAL,
    EXIT_INTERRUPTED,
    ChuongTrinhError,
    UsageError,
    relative,
)
from generator.files import internal_error_log
from generator.i18n import N_, _, _n, click_text, number, set_language

CONTEXT = {"help_option_names": ["-h", "--help"], "max_content_width": 100}
# Folders are made absolute here, at the edge: nothing further in depends on the working directory
# (a web server serves files from its own package folder otherwise).
PATH = click.Path(file_okay=False, path_type=Path, resolve_path=True)


class _Translated(click.Command):
    """Help texts are written in Vietnamese and translated when shown, once the language is known."""

    def get_short_help_str(self, limit: int = 45) -> str:
        with _translated_help(self):
            return super().get_short_help_str(limit)

    def format_help_text(self, ctx: click.Context, formatter: click.HelpFormatter) -> None:
        with _translated_help(self):
            super().format_help_text(ctx, formatter)

    def get_help_option(self, ctx: click.Context) -> click.Option | None:
        # click makes (and caches) this option with its text in the language of the moment.
        option = super().get_help_option(ctx)
        if option is not None:
            option.help = click_text("Show this message and exit.")
        return option


class _translated_help:
    def __init__(self, owner: click.Command | click.Option) -> None:
        self.owner, self.original = owner, owner.help

    def __enter__(self) -> None:
        if self.original:
            # Exit codes are named in help texts ({unreadable}) and filled from errors.py.
            self.owner.help = _(self.original, **EXIT_CODES) if "{" in self.original else _(self.original)

    def __exit__(self, *exc: object) -> None:
        self.owner.help = self.original


class _Command(_Translated, click.Command):
    """Takes --lang too, so that it works after the subcommand as before it (`chuongtrinh build --lang en`)."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.params.append(_language_option())


class _Option(click.Option):
    def get_help_record(self, ctx: click.Context) -> tuple[str, str] | None:
        with _translated_help(self):
            return super().get_help_record(ctx)


class _Group(_Translated, click.Group):
    """Also turns user errors and Ctrl-C into messages and exit codes, for every command."""

    command_class = _Command

    def invoke(self, ctx: click.Context) -> Any:
        try:
            return super().invoke(ctx)
        except ChuongTrinhError as e:
            for problem in e.problems:
                click.echo(str(problem), err=True)
            ctx.exit(e.exit_code)
        except KeyboardInterrupt:
            click.echo(_("Đã dừng theo yêu cầu (Ctrl-C)."), err=True)
            ctx.exit(EXIT_INTERRUPTED)


option = functools.partial(click.option, cls=_Option)
# Options several commands share, written once.
OUTPUT_OPTION = option("-o", "--output", "out_dir", type=PATH, default=Path("output"), show_default=True,
                       help=N_("Thư mục ghi văn bản và manifest.json."))
PROVINCES_OPTION = option("--provinces", "provinces_dir", type=PATH, default=Path("provinces"), show_default=True,
                          help=N_("Thư mục chứa các tệp tỉnh."))
KIND_OPTION = option("--kind", "kind_name", default=api.DEFAULT_KIND, show_default=True, metavar="LOẠI",
                     help=N_("Loại văn bản (một thư mục trong templates/)."))


def main() -> None:
    """Entry point of the console script; the one place a bug is caught and logged."""
    set_language(None)
    try:
        cli.main(prog_name="chuongtrinh")
    except Exception:  # noqa: BLE001 - bugs only: user errors never get here
        import traceback  # (not imported by a run that does not crash)
        log = internal_error_log(traceback.format_exc())
        click.echo(_("lỗi nội bộ của chuongtrinh; chi tiết đã ghi vào {log}. Xin báo lại cho nhóm phát triển.",
                     log=log), err=True)
        sys.exit(EXIT_INTERNAL)


# Counted nouns, in the form the count needs in the user's language ("1 file", "63 văn bản").
def _documents(count: int) -> str:
    return _n("{count} văn bản", "{count} văn bản", count)


def _blanks(count: int) -> str:
    return _n("{count} ô", "{count} ô", count)


def _files(count: int) -> str:
    return _n("{count} tệp", "{count} tệp", count)


def _choose_language(ctx: click.Context, param: click.Parameter, value: str | None) -> None:
    if value:
        set_language(value)


LANG_HELP = N_("Ngôn ngữ của thông báo (mặc định: tiếng Việt, hoặc theo biến LANG).")


def _language_option() -> click.Option:
    return _Option(["--lang"], type=click.Choice(["vi", "en"]), is_eager=True, expose_value=False,
                   callback=_choose_language, help=LANG_HELP)


@click.group(cls=_Group, context_settings=CONTEXT, help=N_(
    "Soạn dự thảo Chương trình thực hiện Kết luận số 93-KL/TW của tỉnh ủy, thành ủy, trình bày đúng thể "
    "thức văn bản của Đảng (Hướng dẫn 36-HD/VPTW).\n\nMỗi tỉnh có một tệp provinces/<mã tỉnh>.yaml; "
    "kết quả ghi vào output/<mã tỉnh>.docx."))
@click.version_option(__version__, prog_name="chuongtrinh", message="%(prog)s %(version)s")
@option("--lang", type=click.Choice(["vi", "en"]), is_eager=True, expose_value=False, callback=_choose_language,
        help=LANG_HELP)
def cli() -> None:
    pass


@cli.command(context_settings=CONTEXT, help=N_(
    "Dựng văn bản .docx cho các tỉnh đã nêu (theo mã tỉnh, ví dụ thanh-hoa, hoặc đường dẫn tệp YAML).\n\n"
    "\b\nVí dụ:\n  chuongtrinh build thanh-hoa ha-noi -o output/\n  chuongtrinh build provinces/can-tho.yaml\n"
    "  chuongtrinh build --all --jobs 2\n\n"
    "Chỉ dựng lại tỉnh có thay đổi (tệp tỉnh, mẫu, thể thức, phiên bản). Văn bản đã bị sửa tay trong thư mục "
    "kết quả không bị ghi đè: bản mới ghi thành <mã tỉnh>.new.docx. Tỉnh nào lỗi thì báo lỗi (tệp:dòng:cột), "
    "các tỉnh khác vẫn được dựng; mã thoát {failed} nếu có tỉnh lỗi, {interrupted} khi bị dừng (Ctrl-C)."))
@click.argument("targets", nargs=-1, metavar="[MÃ_TỈNH | TỆP.yaml]...")
@option("--all", "build_everything", is_flag=True,
        help=N_("Dựng mọi đơn vị của danh mục có tệp tỉnh (mặc định khi không nêu tỉnh nào); không có --date thì "
                "theo ngày hôm nay và danh mục đang có hiệu lực."))
@OUTPUT_OPTION
@PROVINCES_OPTION
@option("-j", "--jobs", type=click.IntRange(1, 64), default=None,
        help=N_("Số tiến trình dựng song song (mặc định: số lõi CPU)."))
@option("--force", is_flag=True,
        help=N_("Dựng lại tất cả, kể cả tỉnh không đổi, và ghi đè cả văn bản đã bị sửa tay (bản sửa tay được giữ "
                "lại thành <mã tỉnh>.ban-sua-tay.docx)."))
@option("--final", is_flag=True, help=N_("Bản chính thức: từ chối dựng tỉnh nào còn ô cần điền (mã thoát {failed})."))
@option("--pdf", is_flag=True, help=N_("Xuất thêm bản PDF qua LibreOffice cho các văn bản vừa dựng."))
@option("--no-tidy", "as_typed", is_flag=True, help=N_(
    "Giữ nguyên chữ như đã gõ (không chuẩn hóa dấu, dấu cách, ngoặc kép); chỉ báo cảnh báo."))
@option("--no-check", "skip_check", is_flag=True,
        help=N_("Không kiểm tra thể thức các văn bản vừa dựng (mặc định có kiểm tra)."))
@option("--date", "date", type=click.DateTime(["%Y-%m-%d", "%d/%m/%Y"]), default=None, metavar="YYYY-MM-DD",
        help=N_("Ngày ban hành chung cho cả đợt, thay ngày ghi trong tệp tỉnh (cả đợt không nêu ngày: hôm nay; "
                "tỉnh nêu tên không nêu ngày: ngày trong tệp, tệp provinces/34/<mã>.yaml trước nếu có). Từ 01/7/2025 dựng theo danh mục 34 đơn vị: tệp "
                "provinces/34/<mã>.yaml nếu có, kèm tệp của các tỉnh cũ; nếu không thì ghép từ tệp của các tỉnh "
                "trước hợp nhất (cần biên tập viên kiểm tra). Trước đó: danh mục 63 tỉnh."))
@option("--kind", "kind_name", default=api.DEFAULT_KIND, show_default=True, metavar="LOẠI", help=N_(
    "Loại văn bản (một thư mục trong templates/): chuong-trinh-kl93 (Chương trình của Ban Thường vụ Tỉnh ủy, "
    "thể thức của Đảng) hoặc ke-hoach-lhh (Kế hoạch của Liên hiệp Hội tỉnh, thể thức Nghị định 30)."))
@option("--redline", is_flag=True, help=N_(
    "Ghi thêm bản so sánh <mã tỉnh>.so-sanh.docx cho mỗi văn bản có thay đổi: bản mới kèm các thay đổi được "
    "theo dõi (track changes) so với văn bản trong thư mục kết quả trước lần dựng này (văn bản đã sửa tay: so "
    "với bản sửa tay)."))
@option("--redline-against", "issued", type=click.Path(file_okay=False, path_type=Path), default=None,
        metavar="THƯ_MỤC", help=N_(
            "Như --redline, nhưng so với văn bản cùng tên trong THƯ_MỤC (ví dụ thư mục các bản đã gửi Ban Thường "
            "vụ), cho cả văn bản không đổi từ lần dựng trước; tỉnh nào không có bản trong THƯ_MỤC thì được báo."))
@option("--merge", is_flag=True, help=N_(
    "Văn bản đã sửa tay (ví dụ trong Word) được gộp với bản dựng mới thay vì để nguyên: đoạn chỉ Văn phòng sửa "
    "giữ bản sửa tay, đoạn chỉ số liệu đổi theo bản mới, đoạn cả hai cùng sửa giữ bản sửa tay kèm nhận xét "
    "của Word trích bản mới; bản sửa tay trước khi gộp được giữ lại thành <mã tỉnh>.truoc-khi-gop.docx. Cùng "
    "--force: dựng lại tất cả, văn bản sửa tay vẫn được gộp, không bị ghi đè."))
def build(targets: tuple[str, ...], build_everything: bool, out_dir: Path, provinces_dir: Path,
          jobs: int | None, force: bool, final: bool, pdf: bool, as_typed: bool, skip_check: bool, date: dt.datetime | None,
          kind_name: str, redline: bool, issued: Path | None, merge: bool) -> None:
    # A whole batch without --date: today's register and date, as an office drafts today.
    today = date is None and (build_everything or not targets)
    when = dt.date.today() if today else date.date() if date else None
    run = api.build(targets, out_dir, everything=build_everything, provinces_dir=provinces_dir,
                    date=when, jobs=jobs, force=force, final=final, tidy_text=not as_typed,
                    check=not skip_check, kind_name=kind_name, redline=redline, merge=merge, issued=issued)
    if today and when is not None:
        click.echo(_("Ngày ban hành chung: hôm nay, {date}; danh mục {count} đơn vị. Ngày khác: --date (ví dụ "
                     "--date 2021-03-05 cho danh mục 63 tỉnh).", date=when.strftime("%d/%m/%Y"),
                     count=api.register_size(when)))
    if run.without_files:
        click.echo(_("{units} chưa có tệp tỉnh, không dựng: {slugs} (tạo bằng chuongtrinh new <mã>).",
                     units=_n("{count} đơn vị", "{count} đơn vị", len(run.without_files)),
                     slugs=", ".join(run.without_files)))
    signal.signal(signal.SIGTERM, _interrupt)
    progress = Progress(len(run))
    for outcome in run:
        progress.show(outcome)
    progress.done()
    summary = run.summary
    failed = summary.failed
    pdf_failed = False
    if pdf:
        try:
            exported = run.export_pdf()
            for path in exported:
                click.echo(_("đã xuất {path}", path=relative(path)))
            if not exported and summary.documents:
                click.echo(_("Mọi bản PDF đều mới hơn văn bản .docx của chúng: không cần xuất lại."))
        except ChuongTrinhError as e:
            failed += 1
            pdf_failed = True
            for problem in e.problems:
                click.echo(str(problem), err=True)
    actions = summary.actions
    line = _("Xong sau {seconds} giây: {built} dựng mới, {unchanged} không đổi, {failed} lỗi, {holes} cần điền",
             seconds=number(round(summary.seconds, 1)), built=_documents(actions["built"]),
             unchanged=number(actions["unchanged"]), failed=number(actions["failed"]), holes=_blanks(summary.placeholders))
    if actions["nonconforming"]:
        line += _(", {documents} sai thể thức", documents=_documents(actions["nonconforming"]))
    if actions["kept"]:
        line += _(", {documents} sửa tay được giữ nguyên (bản mới: *.new.docx)", documents=_documents(actions["kept"]))
    if actions["merged"]:
        line += _(", {documents} sửa tay được gộp với bản mới", documents=_documents(actions["merged"]))
    if pdf_failed:
        line += _("; không xuất được PDF (xem lỗi ở trên)")
    if summary.nothing_changed:
        line += _("; không có gì thay đổi")
    click.echo(line + ".", err=bool(failed))
    if failed:
        sys.exit(EXIT_FAILED)


def _access_token(token_file: Path | None) -> str:
    """The token every request must carry when the workbench is open to other machines: from a
    file or the environment (never the command line, which `ps` shows to every user), else a new
    random one."""
    import os
    import secrets
    if token_file is not None:
        token = token_file.read_text(encoding="utf-8").strip()
    else:
        token = os.environ.get("CHUONGTRINH_TOKEN", "").strip() or secrets.token_urlsafe(18)
    if len(token) < 12:
        raise UsageError(_("mã truy cập quá ngắn: cần ít nhất 12 ký tự"))
    return token


def _interrupt(signum: int, frame: object) -> None:
    raise KeyboardInterrupt


class Progress:
    """One line per province when the output is a file or pipe; a live counter on a terminal."""

    def __init__(self, total: int):
        self.total = total
        self.seen = 0
        self.live = sys.stdout.isatty()

    def show(self, outcome: api.Outcome) -> None:
        self.seen += 1
        for problem in outcome.warnings + outcome.problems:
            self._clear()
            click.echo(str(problem), err=True)
        if outcome.action == "kept" and outcome.output is not None:
            self._clear()
            click.echo(_("giữ nguyên {name} (đã bị sửa tay); bản mới: {path} (--force để ghi đè; bản sửa tay "
                         "được giữ lại)", name=f"{outcome.slug}.docx", path=relative(outcome.output)), err=True)
        if self.live:
            click.echo(f"\r[{self.seen}/{self.total}] {outcome.slug:<22}", nl=False)
        elif outcome.action == "built" and outcome.output is not None:
            note = _(" ({count} ô cần điền)", count=outcome.placeholders) if outcome.placeholders else ""
            click.echo(_("đã dựng {path}", path=relative(outcome.output)) + note)
        if outcome.redline is not None and not self.live:
            click.echo(_("bản so sánh: {path}", path=relative(outcome.redline)))

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
@PROVINCES_OPTION
@option("--completeness", is_flag=True, help=N_("Liệt kê thêm các ô cần điền của từng tỉnh."))
@option("--fix", is_flag=True, help=N_(
    "Tự chuyển những đoạn chữ gõ bằng bảng mã cũ (TCVN3/ABC, VNI) sang Unicode ngay trong tệp tỉnh; chữ Unicode, "
    "chú thích, thứ tự và cách trình bày của tệp giữ nguyên; mỗi chỗ chuyển được in ra (tệp:dòng: trước → sau)."))
@option("--diff", "dry_run", is_flag=True,
        help=N_("Như --fix nhưng không ghi tệp: chỉ in những chỗ sẽ chuyển."))
@option("--no-tidy", "as_typed", is_flag=True, help=N_(
    "Giữ nguyên chữ như đã gõ (không chuẩn hóa dấu, dấu cách, ngoặc kép); chỉ báo cảnh báo."))
def validate(targets: tuple[str, ...], provinces_dir: Path, completeness: bool, fix: bool, dry_run: bool,
             as_typed: bool) -> None:
    files = errors = holes = 0
    for result in api.validate(targets, provinces_dir, completeness=completeness, fix=fix, dry_run=dry_run,
                               tidy_text=not as_typed):
        files += 1
        for problem in result.warnings + result.problems:
            click.echo(str(problem), err=True)
        errors += len(result.problems)
        if completeness and result.ok:
            labels = result.placeholders
            holes += len(labels)
            click.echo(_("{file}: {holes} cần điền", file=relative(result.source), holes=_blanks(len(labels)))
                       + (":" if labels else "."))
            for label, count in Counter(labels).items():
                click.echo(f"  - {label}" + (f" (×{count})" if count > 1 else ""))
            for name in result.unconfirmed_names:
                click.echo("  ? " + _("tên cơ quan chưa được xác nhận, cần kiểm tra: {name}", name=name))
            for field, text in result.defaults:
                click.echo("  ~ " + _("mặc định của bản dự thảo, thay bằng của tỉnh ({field}): {text}", field=field,
                                      text=text))
    summary = _("Đã kiểm tra {files}: {errors}", files=_files(files), errors=_n("{count} lỗi", "{count} lỗi", errors))
    if completeness:
        summary += _(", {holes} cần điền", holes=_blanks(holes))
    click.echo(summary + ".", err=bool(errors))
    if errors:
        sys.exit(EXIT_FAILED)


@cli.command(context_settings=CONTEXT, help=N_(
    "Tạo tệp tỉnh mẫu, có chú thích, cho một đơn vị trong danh mục: mọi khóa văn bản cần đều có sẵn, để "
    "trống.\n\n"
    "Mặc định theo danh mục đang có hiệu lực (năm nay: 34 đơn vị từ 01/7/2025): tệp ghi vào "
    "provinces/34/<MÃ_TỈNH>.yaml; với đơn vị hợp nhất từ nhiều tỉnh, tệp ghi số liệu từ khi hợp nhất và "
    "nêu tệp của các tỉnh cũ (lịch sử mà phần I kể lại). Với --year trước 2025: danh mục 63 tỉnh, tệp "
    "provinces/<MÃ_TỈNH>.yaml (văn bản chỉ ghi năm được tính theo ngày cuối năm)."))
@click.argument("slug", metavar="MÃ_TỈNH")
@PROVINCES_OPTION
@option("--year", type=click.IntRange(2020, 2100), default=None,
        help=N_("Năm ban hành ghi sẵn trong tệp (mặc định: năm nay)."))
def new(slug: str, provinces_dir: Path, year: int | None) -> None:
    click.echo(_("đã tạo {path}", path=api.new_province(slug, year or dt.date.today().year, provinces_dir)))


@cli.command(context_settings=CONTEXT, help=N_(
    "So sánh hai phiên bản của một văn bản .docx: ghi bản mới kèm các thay đổi được theo dõi (track changes) "
    "so với bản cũ, từng chữ trong đoạn, cả đoạn và hàng bảng thêm hay bỏ, để xem và chấp nhận hoặc từ chối từng "
    "thay đổi trong ngăn Review của Word hoặc LibreOffice. Người sửa: chuongtrinh; ngày: ngày của bản mới.\n\n"
    "Phiên bản đã có thay đổi được theo dõi được so sánh trên văn bản đã chấp nhận các thay đổi đó (lệnh báo).\n\n"
    "Mã thoát: 0 đã ghi; {unreadable} không đọc được tệp; {usage} lệnh viết sai."))
@click.argument("old", type=click.Path(dir_okay=False, path_type=Path), metavar="CŨ.docx")
@click.argument("new", type=click.Path(dir_okay=False, path_type=Path), metavar="MỚI.docx")
@option("-o", "--output", type=click.Path(dir_okay=False, path_type=Path), default=None, metavar="TỆP.docx",
        help=N_("Tệp ghi ra (mặc định: <MỚI>.so-sanh.docx, cạnh bản mới)."))
def compare(old: Path, new: Path, output: Path | None) -> None:
    result = api.compare(old, new, output)
    for note in result.notes:
        click.echo(str(note), err=True)
    assert result.path is not None, "api.compare writes the redline"
    click.echo(_("đã ghi {path}: {insertions} chỗ thêm, {deletions} chỗ xóa", path=relative(result.path),
                 insertions=number(result.insertions), deletions=number(result.deletions)))


@cli.command(context_settings=CONTEXT, help=N_(
    "In JSON Schema của tệp tỉnh (mô tả tiếng Việt), để trình soạn thảo gợi ý và kiểm tra khóa.\n\n"
    "Tệp provinces/province.schema.json là bản in sẵn của lệnh này; mỗi tệp tỉnh trỏ tới nó bằng dòng đầu "
    "\"# yaml-language-server: $schema=province.schema.json\"."))
def schema() -> None:
    click.echo(api.schema_text(), nl=False)


@cli.command(context_settings=CONTEXT, help=N_(
    "Kiểm tra thể thức văn bản .docx (bất kỳ, không chỉ văn bản do chuongtrinh tạo) theo Hướng dẫn "
    "36-HD/VPTW: mỗi chỗ sai một dòng 'TỆP: MÃ-QUY-TẮC: lời giải thích (ở: vị trí)'.\n\n"
    "Mã thoát: 0 đúng thể thức; {failed} có chỗ sai; {usage} lệnh viết sai; {unreadable} không đọc được tệp. Những điều không xác định được "
    "(ví dụ cỡ chữ không ghi ở đâu cả) được báo riêng, không tính là sai. --rules liệt kê các quy tắc."))
@click.argument("files", nargs=-1, type=click.Path(dir_okay=False, path_type=Path), metavar="[TỆP.docx]...")
@option("--profile", "profile_id", default=None, metavar="ID", help=N_(
    "Bộ quy tắc thể thức: hd36, qd399 hoặc nd30. Mặc định: theo tiêu đề (văn bản của Đảng hay văn bản "
    "hành chính) và ngày ghi trên văn bản: HD 36 đến 08/01/2026, Quy định 399 từ 09/01/2026."))
@option("--format", "output_format", type=click.Choice(["text", "json"]), default="text", show_default=True,
        help=N_("Dạng kết quả."))
@option("--draft", is_flag=True, help=N_("Bản dự thảo: chấp nhận ô cần điền, số và ngày để trống."))
@option("--select", multiple=True, metavar="QUY-TẮC", help=N_(
    "Chỉ chạy các quy tắc này (ví dụ PAGE,FONT, có hoặc không có tiền tố của bộ quy tắc; có thể nêu nhiều lần)."))
@option("--ignore", multiple=True, metavar="QUY-TẮC", help=N_("Bỏ qua các quy tắc này (như --select)."))
@option("--rules", "list_rules", is_flag=True, help=N_("Liệt kê các quy tắc rồi thoát."))
def check(files: tuple[Path, ...], profile_id: str, output_format: str, draft: bool, select: tuple[str, ...],
          ignore: tuple[str, ...], list_rules: bool) -> None:
    if list_rules:
        for rule_id, description in api.rules(profile_id):
            click.echo(f"{rule_id}: {description}")
        return
    run = api.check(list(files), profile_id, draft, select, ignore)
    for refused in run.unreadable:
        for problem in refused.problems:
            click.echo(str(problem), err=True)
    if output_format == "json":
        click.echo(json.dumps([{"file": r.file, "profile": r.profile.id if r.profile else None, "findings": [
            {"rule": f.rule, "message": f.message, "where": f.where, "certain": f.certain, "content": f.content}
            for f in r.findings],
            "draft": r.drafted, "out_of_scope": r.out_of_scope}
            for r in run.reports], ensure_ascii=False, indent=2))
    else:
        for report in run.reports:
            if report.drafted:
                click.echo(f"{report.file}: " + _("văn bản ghi \"Dự thảo\": kiểm tra như bản dự thảo"))
            for finding in report.layout:
                click.echo(f"{report.file}: {finding}")
            for finding in report.undetermined:
                click.echo(f"{report.file}: {finding} " + _("[không xác định]"))
            for finding in report.content:
                click.echo(f"{report.file}: {finding} " + _("[nội dung theo loại văn bản]"))
        bad, unreadable = run.nonconforming, len(run.unreadable)
        outside = run.out_of_scope
        click.echo(_("Đã kiểm tra {files}: {good} đúng thể thức, {bad} có chỗ sai, {outside} ngoài phạm vi của "
                     "hướng dẫn, {unreadable} không đọc được.", files=_files(len(files)),
                     good=number(len(run.reports) - bad - outside), bad=number(bad), outside=number(outside),
                     unreadable=number(unreadable)),
                   err=bool(bad or unreadable))
    if run.unreadable:
        sys.exit(run.unreadable[0].exit_code)
    if run.nonconforming:
        sys.exit(EXIT_FAILED)


@cli.command(context_settings=CONTEXT, help=N_(
    "Dựng văn bản của một tỉnh, xuất PDF và ảnh PNG của một trang, in đường dẫn ảnh (cần LibreOffice và "
    "poppler-utils)."))
@click.argument("target", metavar="MÃ_TỈNH")
@option("--page", type=click.IntRange(1, 999), default=1, show_default=True, help=N_("Trang cần xem."))
@OUTPUT_OPTION
@PROVINCES_OPTION
@KIND_OPTION
def preview(target: str, page: int, out_dir: Path, provinces_dir: Path, kind_name: str) -> None:
    click.echo(relative(api.preview(target, page, out_dir, provinces_dir, kind_name)))


@cli.command(context_settings=CONTEXT, help=N_(
    "Mở bàn làm việc trên trình duyệt: danh sách các tỉnh và trạng thái văn bản, dựng cả đợt, tải văn bản "
    ".docx/.pdf, kiểm tra thể thức một tệp .docx bất kỳ.\n\n"
    "Chỉ nghe trên máy này (127.0.0.1). Mở cho máy khác (--host) thì mọi yêu cầu cần mã truy cập (--token-file "
    "hoặc biến CHUONGTRINH_TOKEN; không có thì tự tạo); địa chỉ in ra kèm mã. Ctrl-C để dừng."))
@option("--port", type=click.IntRange(1, 65535), default=8093, show_default=True, help=N_("Cổng."))
@option("--host", default="127.0.0.1", show_default=True,
        help=N_("Địa chỉ nghe; khác 127.0.0.1 thì mọi yêu cầu cần mã truy cập."))
@option("--token-file", type=click.Path(dir_okay=False, path_type=Path, exists=True), default=None, help=N_(
    "Tệp chứa mã truy cập (ít nhất 12 ký tự) khi mở cho máy khác; hoặc biến CHUONGTRINH_TOKEN. Không có thì "
    "chương trình tự tạo một mã và in địa chỉ kèm mã. Mã không bao giờ ghi vào nhật ký truy cập."))
@option("--date", "date", type=click.DateTime(["%Y-%m-%d", "%d/%m/%Y"]), default=None, metavar="YYYY-MM-DD",
        help=N_("Ngày ban hành chung (chọn danh mục 63 hoặc 34 đơn vị), như `build --date`; mặc định hôm nay."))
@OUTPUT_OPTION
@PROVINCES_OPTION
@KIND_OPTION
def serve(port: int, host: str, token_file: Path | None, date: dt.datetime | None, out_dir: Path, provinces_dir: Path,
          kind_name: str) -> None:
    from werkzeug.serving import make_server

    from generator.serve import Settings, create_app
    from generator.serve.security import QuietRequestHandler, is_loopback
    token = None
    if not is_loopback(host):
        token = _access_token(token_file)
    # Today's register by default, as for a whole `build`: the 63 are one option away (--date 2021-…).
    settings = Settings(provinces_dir, out_dir, date.date() if date else dt.date.today(), kind_name, host, port, token)
    try:
        server = make_server(host, port, create_app(settings), threaded=True, request_handler=QuietRequestHandler)
    except OSError as e:
        raise UsageError(_("không mở được cổng {port} trên {host}: {reason}", port=port, host=host,
                           reason=e.strerror)) from e
    address = f"http://{'127.0.0.1' if is_loopback(host) else host}:{port}/"
    click.echo(_("Bàn làm việc: {address} (Ctrl-C để dừng)",
                 address=address + (f"?token={token}" if settings.token else "")))
    try:
        server.serve_forever()
    except KeyboardInterrupt:
        pass
    finally:
        server.server_close()

