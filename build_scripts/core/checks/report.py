"""The Vietnamese report of ``make check``: one line per rule, then the values and places."""

from __future__ import annotations

from collections import Counter

from build_scripts.core.checks import CheckRun
from build_scripts.core.messages import display_path

LEGEND = {"✓": "khớp", "✗": "sai (cần sửa)", "⚠": "sai lệch đã biết", "?": "chưa kiểm tra được", "=": "giá trị suy ra"}


def _where(run: CheckRun, key: str) -> str:
    places, group = run.text_places(key)
    if places:
        via = f"(trong phần dựng từ {group}) " if group else ""
        return f"{key} → {via}" + ", ".join(str(p) for p in places)
    try:
        loc = run.dataset.location(key)
        return f"{key} → (chưa dùng trong docs/; khai báo ở {loc})"
    except KeyError:
        return key


def _data_places(run: CheckRun, keys) -> str:
    """Where each value of a failed rule is written in source_data (the line to correct)."""
    places = []
    for key in keys:
        try:
            places.append(f"{key} {run.dataset.location(key)}")
        except KeyError:
            continue  # a derived value (suy_ra.…): it is computed, not written
    return "Số liệu ở: " + "; ".join(places) if places else ""


def format_report(run: CheckRun, verbose: bool = True) -> str:
    lines = [
        "KIỂM TRA SỐ LIỆU: các con số trong báo cáo phải khớp với nhau",
        "Chú thích: " + "; ".join(f"{m} {w}" for m, w in LEGEND.items()),
        "",
    ]
    current_file = None
    for r in run.results:
        path = r.rule.location.path
        if path != current_file:
            current_file = path
            lines.append(f"— {display_path(path)}")
        lines.append(f"{r.mark} {r.rule.ma}: {r.rule.mo_ta}")
        if r.message:
            lines.append(f"    {r.message}")
        if r.status == "da_biet":
            lines.append(f"    Ghi chú cho tổ biên tập: {r.rule.known}")
        if verbose or r.status != "dat":
            if r.keys and r.status != "loi":
                lines.append("    Trong văn bản: " + "; ".join(_where(run, k) for k in r.keys))
        if r.status in ("sai", "het_sai_lech"):
            if _data_places(run, r.keys):
                lines.append(f"    {_data_places(run, r.keys)}")
            lines.append(f"    Quy tắc: {r.rule.location}")
    counts = Counter(r.mark for r in run.results if r.status != "dinh_nghia")
    n_rules = sum(counts.values())
    lines += [
        "",
        f"Tổng cộng {n_rules} quy tắc: {counts['✓']} ✓, {counts['✗']} ✗, "
        f"{counts['⚠']} ⚠ (sai lệch đã biết), {counts['?']} ? (chưa kiểm tra được).",
    ]
    qs = run.dataset.quantities()
    uncovered = run.uncovered
    missing = set(run.missing)
    indep = [k for k in qs if k not in run.governed and k not in uncovered and k not in missing]
    lines.append(
        f"Số liệu: {len(qs)}; có quy tắc: {len([k for k in qs if k in run.governed])}; "
        f"độc lập (có lý do doc_lap): {len(indep)}; chưa có số liệu (null): {len(missing)}; "
        f"chưa có quy tắc: {len(uncovered)}."
    )
    for k in uncovered:
        lines.append(
            f"✗ {k} ({run.dataset.location(k)}): chưa có quy tắc nào kiểm tra số này. "
            "Cách sửa: thêm một quy tắc trong source_data/rules/, hoặc ghi lý do vào "
            "source_data/rules/doc_lap.yaml («khoá: lý do»)."
        )
    for k in run.stale_doc_lap:
        lines.append(
            f"✗ {run.doc_lap[k][1]}: doc_lap.yaml ghi «{k}» nhưng không có số liệu này. "
            "Cách sửa: sửa tên khoá hoặc xoá dòng."
        )
    restated = run.numbers_in_descriptions
    for d in restated:
        lines.append(
            f"✗ {d.location}: mô tả của quy tắc «{d.rule.ma}» ghi số {d.text}, là giá trị hiện tại của "
            f"{d.key}: khi số liệu đổi, mô tả sẽ nói khác dòng kiểm tra ngay dưới nó. Cách sửa: viết mô "
            "tả bằng lời, bỏ con số (make check tự in giá trị hiện tại dưới mỗi quy tắc)."
        )
    if run.unexpected or uncovered or run.stale_doc_lap or restated:
        what = [f"{len(run.unexpected)} quy tắc không khớp"] if run.unexpected else []
        what += [f"{len(uncovered)} số liệu chưa có quy tắc kiểm tra"] if uncovered else []
        what += [f"{len(run.stale_doc_lap)} dòng doc_lap.yaml không có số liệu"] if run.stale_doc_lap else []
        what += [f"{len(restated)} con số chép từ dữ liệu vào mô tả quy tắc"] if restated else []
        lines.append(
            f"KẾT QUẢ: CÓ LỖI ({'; '.join(what)}) — sửa các dòng ✗ ở trên (số liệu trong "
            "source_data/*.yaml hoặc quy tắc trong source_data/rules/)."
        )
    elif counts["⚠"]:
        lines.append(
            "KẾT QUẢ: không có lỗi mới; còn các sai lệch đã biết (⚠) chờ tổ biên tập quyết định. "
            "Bản chính thức không dựng được khi còn ⚠."
        )
    else:
        lines.append("KẾT QUẢ: mọi quy tắc đều khớp.")
    return "\n".join(lines)


def format_known(run: CheckRun) -> str:
    """The known discrepancies alone, numbered, for the committee to go through."""
    from build_scripts.core.checks import known_discrepancies

    items = known_discrepancies(run=run)
    if not items:
        return "Không còn sai lệch đã biết nào."
    lines = [f"CÁC SAI LỆCH ĐÃ BIẾT CỦA DỰ THẢO ({len(items)}) — chờ tổ biên tập quyết định", ""]
    for i, k in enumerate(items, 1):
        where = ", ".join(dict.fromkeys(str(p) for p in k.vi_tri_van_ban)) or "—"
        lines += [
            f"{i}. {k.mo_ta}",
            f"   Số liệu: {k.chi_tiet}",
            f"   Ghi chú: {k.ghi_chu}",
            f"   Trong văn bản: {where}",
            f"   Quy tắc: {k.vi_tri_quy_tac} ({k.ma})",
            "",
        ]
    return "\n".join(lines)


def format_warning(run: CheckRun) -> str:
    """What `make` says after a draft is built when numbers disagree (empty when none do):
    the ✗ rules, each with its values and places, and where to see all of it; then the values
    no rule checks (a statistic just added), which `make check` and `make final` refuse."""
    failed = [r for r in run.results if r in run.unexpected]
    lines = []
    if failed:
        lines.append(
            f"CẢNH BÁO: {len(failed)} quy tắc số liệu không khớp. Bản dự thảo vẫn được dựng; bản chính thức thì không."
        )
        for r in failed:
            lines.append(f"  {r.mark} {r.rule.location}: «{r.rule.ma}» {r.rule.mo_ta}")
            if r.message:
                lines.append(f"      {r.message}")
            if r.keys and r.status != "loi":
                lines.append("      Trong văn bản: " + "; ".join(_where(run, k) for k in r.keys))
                if _data_places(run, r.keys):
                    lines.append(f"      {_data_places(run, r.keys)}")
        if all(r.status == "loi" for r in failed):
            lines.append(
                "    → Cách sửa: sửa quy tắc ở dòng đã nêu (tên số liệu, phép tính) trong source_data/rules/; "
                "xem mọi quy tắc bằng `make check`."
            )
        else:
            lines.append(
                "    → Cách sửa: sửa số liệu trong source_data/*.yaml (hoặc văn bản) cho khớp"
                + ("; quy tắc báo lỗi thì sửa quy tắc" if any(r.status == "loi" for r in failed) else "")
                + "; xem mọi quy tắc bằng `make check`."
            )
    unchecked = [(run.dataset.location(k), f"«{k}» chưa có quy tắc nào kiểm tra") for k in run.uncovered]
    unchecked += [(run.doc_lap[k][1], f"doc_lap.yaml ghi «{k}» nhưng không có số liệu này") for k in run.stale_doc_lap]
    if unchecked:
        lines.append(f"CẢNH BÁO: {len(unchecked)} số liệu chưa được kiểm tra: `make check` và `make final` sẽ báo lỗi.")
        lines += [f"  ✗ {where}: {what}" for where, what in unchecked]
        if any(r.status == "loi" for r in failed):
            lines.append(
                "    Một quy tắc có lỗi thì không kiểm tra được số liệu nào: sửa các quy tắc có lỗi ở trên "
                "trước, danh sách này có thể ngắn lại."
            )
        lines.append(
            "    → Cách sửa: thêm một quy tắc trong source_data/rules/ (ví dụ tổng bằng tổng các phần, "
            "tỷ lệ bằng phần chia tổng), hoặc nếu số này đứng riêng thì ghi lý do vào "
            "source_data/rules/doc_lap.yaml («khoá: lý do»); sai tên khoá thì sửa hoặc xoá dòng đó."
        )
    return "\n".join(lines)
