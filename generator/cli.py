"""Command line: `chuongtrinh build | validate`. Thin: parses arguments, calls a stage, prints.

Exit codes: 0 success; 1 bad input or a failed build; 2 wrong usage; 3 an internal error
(details written to a log file, never a bare traceback).
"""
from __future__ import annotations

import difflib
from collections import Counter
import signal
import sys
import tempfile
import time
import traceback
from pathlib import Path

import click

from . import __version__
from .build import build as build_outputs
from .errors import ChuongTrinhError, UsageError, relative
from .compose import compose, load_kind
from .model import load_province
from .register import register_63
from .scaffold import skeleton
from .schema import schema_text

CONTEXT = {"help_option_names": ["-h", "--help"], "max_content_width": 100}


class _Group(click.Group):
    """Turns user errors and Ctrl-C into messages and exit codes, for every command."""

    def invoke(self, ctx: click.Context):
        try:
            return super().invoke(ctx)
        except ChuongTrinhError as e:
            for problem in e.problems:
                click.echo(str(problem), err=True)
            ctx.exit(e.exit_code)
        except KeyboardInterrupt:
            click.echo("Đã dừng theo yêu cầu (Ctrl-C).", err=True)
            ctx.exit(130)


def main() -> None:
    """Entry point of the console script; the one place a bug is caught and logged."""
    try:
        cli.main(prog_name="chuongtrinh")
    except Exception:  # noqa: BLE001 - bugs only: user errors never get here
        log = Path(tempfile.gettempdir()) / "chuongtrinh-loi.log"
        log.write_text(traceback.format_exc(), encoding="utf-8")
        click.echo(f"lỗi nội bộ của chuongtrinh; chi tiết đã ghi vào {log}. Xin báo lại cho nhóm phát triển.",
                   err=True)
        sys.exit(3)


@click.group(cls=_Group, context_settings=CONTEXT)
@click.version_option(__version__, prog_name="chuongtrinh", message="%(prog)s %(version)s")
def cli() -> None:
    """Soạn dự thảo Chương trình thực hiện Kết luận số 93-KL/TW của tỉnh ủy, thành ủy,
    trình bày đúng thể thức văn bản của Đảng (Hướng dẫn 36-HD/VPTW).

    Mỗi tỉnh có một tệp provinces/<mã tỉnh>.yaml; kết quả ghi vào output/<mã tỉnh>.docx.
    """


@cli.command(context_settings=CONTEXT)
@click.argument("targets", nargs=-1, metavar="[MÃ_TỈNH | TỆP.yaml]...")
@click.option("--all", "build_everything", is_flag=True, help="Dựng mọi tỉnh có trong thư mục provinces/ (mặc định khi không nêu tỉnh nào).")
@click.option("-o", "--output", "out_dir", type=click.Path(file_okay=False, path_type=Path), default=Path("output"),
              show_default=True, help="Thư mục ghi văn bản và manifest.json.")
@click.option("--provinces", "provinces_dir", type=click.Path(file_okay=False, path_type=Path),
              default=Path("provinces"), show_default=True, help="Thư mục chứa các tệp tỉnh.")
@click.option("-j", "--jobs", type=click.IntRange(1, 64), default=None,
              help="Số tiến trình dựng song song (mặc định: số lõi CPU).")
@click.option("--force", is_flag=True,
              help="Dựng lại tất cả, kể cả tỉnh không đổi, và ghi đè cả văn bản đã bị sửa tay.")
@click.option("--final", is_flag=True,
              help="Bản chính thức: từ chối dựng tỉnh nào còn ô cần điền (mã thoát 1).")
@click.option("--pdf", is_flag=True, help="Xuất thêm bản PDF qua LibreOffice cho các văn bản vừa dựng.")
def build(targets: tuple[str, ...], build_everything: bool, out_dir: Path, provinces_dir: Path,
          jobs: int | None, force: bool, final: bool, pdf: bool) -> None:
    """Dựng văn bản .docx cho các tỉnh đã nêu (theo mã tỉnh, ví dụ thanh-hoa, hoặc đường dẫn tệp YAML).

    \b
    Ví dụ:
      chuongtrinh build thanh-hoa ha-noi -o output/
      chuongtrinh build provinces/can-tho.yaml
      chuongtrinh build --all --jobs 2

    Chỉ dựng lại tỉnh có thay đổi (tệp tỉnh, mẫu, thể thức, phiên bản). Văn bản đã bị sửa tay trong
    thư mục kết quả không bị ghi đè: bản mới ghi thành <mã tỉnh>.new.docx. Tỉnh nào lỗi thì báo lỗi
    (tệp:dòng:cột), các tỉnh khác vẫn được dựng; mã thoát 1 nếu có tỉnh lỗi, 130 khi bị dừng (Ctrl-C).
    """
    sources = resolve_targets(targets, build_everything, provinces_dir)
    signal.signal(signal.SIGTERM, _interrupt)
    started = time.perf_counter()
    progress = Progress(len(sources))
    counts = {"built": 0, "unchanged": 0, "failed": 0, "kept": 0}
    fresh, holes = [], 0
    for outcome in build_outputs(sources, out_dir, jobs=jobs, force=force, final=final):
        counts[outcome.action] += 1
        holes += outcome.placeholders
        if outcome.action in ("built", "kept"):
            fresh.append(outcome.output)
        progress.show(outcome)
    progress.done()
    failed = counts["failed"]
    if pdf and fresh:
        from .pdf import to_pdf  # LibreOffice is only needed for --pdf
        try:
            for path in to_pdf(fresh, out_dir):
                click.echo(f"đã xuất {relative(path)}")
        except ChuongTrinhError as e:
            failed += 1
            for problem in e.problems:
                click.echo(str(problem), err=True)
    elapsed = time.perf_counter() - started
    summary = (f"Xong sau {elapsed:.1f} giây: {counts['built']} văn bản dựng mới, {counts['unchanged']} không đổi, "
               f"{counts['failed']} lỗi, {holes} ô cần điền")
    if counts["kept"]:
        summary += f", {counts['kept']} văn bản sửa tay được giữ nguyên (bản mới: *.new.docx)"
    if counts["unchanged"] == len(sources):
        summary += "; không có gì thay đổi"
    click.echo(summary + ".", err=bool(failed))
    if failed:
        sys.exit(1)


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
            click.echo(f"giữ nguyên {outcome.slug}.docx (đã bị sửa tay); bản mới: {relative(outcome.output)}", err=True)
        if self.live:
            click.echo(f"\r[{self.seen}/{self.total}] {outcome.slug:<22}", nl=False)
        elif outcome.action == "built":
            note = f" ({outcome.placeholders} ô cần điền)" if outcome.placeholders else ""
            click.echo(f"đã dựng {relative(outcome.output)}{note}")

    def _clear(self) -> None:
        if self.live:
            click.echo("\r" + " " * 40 + "\r", nl=False)

    def done(self) -> None:
        self._clear()


@cli.command(context_settings=CONTEXT)
@click.argument("targets", nargs=-1, metavar="[MÃ_TỈNH | TỆP.yaml]...")
@click.option("--provinces", "provinces_dir", type=click.Path(file_okay=False, path_type=Path),
              default=Path("provinces"), show_default=True, help="Thư mục chứa các tệp tỉnh.")
@click.option("--completeness", is_flag=True, help="Liệt kê thêm các ô cần điền của từng tỉnh.")
@click.option("--fix", is_flag=True,
              help="Tự chuyển chữ gõ bằng bảng mã cũ (TCVN3/ABC, VNI) sang Unicode ngay trong tệp tỉnh.")
def validate(targets: tuple[str, ...], provinces_dir: Path, completeness: bool, fix: bool) -> None:
    """Kiểm tra các tệp tỉnh mà không dựng văn bản; báo mọi lỗi dạng tệp:dòng:cột.

    Chữ được chuẩn hóa (Unicode dựng sẵn, bỏ dấu cách thừa, dấu ngoặc kép “ ”, đặt dấu kiểu mới:
    "Thanh Hóa", "ủy", "khóa") và báo thành cảnh báo. Với --completeness, liệt kê các ô tô vàng mà văn
    bản của mỗi tỉnh sẽ còn phải điền.
    """
    sources = resolve_targets(targets, not targets, provinces_dir)
    errors = holes = 0
    kind = load_kind() if completeness else None
    for source in sources:
        try:
            province = load_province(source, fix=fix)
            for warning in province.warnings:
                click.echo(str(warning), err=True)
            if kind is not None:
                labels = compose(province, kind).placeholder_labels()
                holes += len(labels)
                click.echo(f"{relative(source)}: {len(labels)} ô cần điền" + (":" if labels else "."))
                for label, count in Counter(labels).items():
                    click.echo(f"  - {label}" + (f" (×{count})" if count > 1 else ""))
        except ChuongTrinhError as e:
            errors += len(e.problems)
            for problem in e.problems:
                click.echo(str(problem), err=True)
    summary = f"Đã kiểm tra {len(sources)} tệp: {errors} lỗi"
    click.echo(summary + (f", {holes} ô cần điền." if completeness else "."), err=bool(errors))
    if errors:
        sys.exit(1)


@cli.command(context_settings=CONTEXT)
@click.argument("slug", metavar="MÃ_TỈNH")
@click.option("--provinces", "provinces_dir", type=click.Path(file_okay=False, path_type=Path),
              default=Path("provinces"), show_default=True, help="Thư mục chứa các tệp tỉnh.")
@click.option("--year", type=click.IntRange(2020, 2100), default=2021, show_default=True,
              help="Năm ban hành ghi sẵn trong tệp.")
def new(slug: str, provinces_dir: Path, year: int) -> None:
    """Tạo tệp provinces/<MÃ_TỈNH>.yaml mẫu, có chú thích, cho một tỉnh trong danh mục."""
    entry = register_63().get(slug)
    if entry is None:
        close = difflib.get_close_matches(slug, register_63(), n=1)
        raise UsageError(f"không có tỉnh mã {slug!r} trong danh mục" + (f"; có phải {close[0]!r}?" if close else ""))
    path = provinces_dir / f"{slug}.yaml"
    if path.exists():
        raise ChuongTrinhError(f"{path} đã có; không ghi đè")
    provinces_dir.mkdir(parents=True, exist_ok=True)
    path.write_text(skeleton(entry, year), encoding="utf-8")
    click.echo(f"đã tạo {path}")


@cli.command(context_settings=CONTEXT)
def schema() -> None:
    """In JSON Schema của tệp tỉnh (mô tả tiếng Việt), để trình soạn thảo gợi ý và kiểm tra khóa.

    Tệp provinces/province.schema.json là bản in sẵn của lệnh này; mỗi tệp tỉnh trỏ tới nó bằng
    dòng đầu "# yaml-language-server: $schema=province.schema.json".
    """
    click.echo(schema_text(), nl=False)


def resolve_targets(targets: tuple[str, ...], everything: bool, provinces_dir: Path) -> list[Path]:
    """Slugs and paths → existing province files, each province once (two files for one province
    would write the same output)."""
    chosen: dict[str, Path] = {}
    for path in _target_paths(targets, everything, provinces_dir):
        other = chosen.setdefault(path.stem, path)
        if other.resolve() != path.resolve():
            raise UsageError(f"hai tệp cho cùng tỉnh {path.stem!r}: {other} và {path}")
    return list(chosen.values())


def _target_paths(targets: tuple[str, ...], everything: bool, provinces_dir: Path) -> list[Path]:
    if everything or not targets:
        found = sorted(provinces_dir.glob("*.yaml"))
        if not found:
            raise UsageError(f"thư mục {provinces_dir} không có tệp tỉnh nào (*.yaml)")
        return found + [Path(t) for t in targets if Path(t).suffix in (".yaml", ".yml")]
    sources = []
    for target in targets:
        path = Path(target)
        if path.suffix in (".yaml", ".yml") or path.exists():
            if not path.is_file():
                raise UsageError(f"không có tệp {target}")
            sources.append(path)
            continue
        path = provinces_dir / f"{target}.yaml"
        if path.is_file():
            sources.append(path)
        elif target in register_63():
            raise UsageError(f"chưa có tệp {path} cho {register_63()[target].full_name}")
        else:
            close = difflib.get_close_matches(target, register_63(), n=1)
            hint = f"; có phải {close[0]!r}?" if close else ""
            raise UsageError(f"không có tỉnh mã {target!r} trong danh mục{hint}")
    return sources
