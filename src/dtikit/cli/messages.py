"""The message catalogue of the ``dtikit`` command: every text the CLI prints, by id.

Vietnamese is the default; English on request (``dtikit --lang en …`` or
``DTIKIT_LANG=en``). A message is a :meth:`str.format` template with named
placeholders; :func:`t` renders one in the chosen language. The terms are the
official ones (docs/glossary.md, :mod:`dtikit.vocabulary`).

The API's exceptions keep English text and a stable ``code``
(:attr:`dtikit.errors.DtikitError.code`); the CLI renders them here from that
code and their place (file, sheet!cell, unit, indicator code). Problem texts
that come from deep inside the library (a bad cell, points over a maximum, a
rubric that does not add up) are catalogued once, in :mod:`dtikit.messages`
(ids ``problem.<id>`` here), and rendered in the chosen language wherever they
are put into a message; a plugin's own text is printed as it is. click's own
texts (usage errors, the help's frame) come from here too (:func:`click_texts`).

Scripts should read ``--json`` or run with ``--lang en``: the words of the
summaries follow the language, their meaning does not.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from typing import Any

from ..messages import (
    LANG_ENV,
    LANGS,
    PROBLEMS,
    Message,
    Rendered,
    current_lang,
    recording,
    render,
    set_lang,
)
from ..scoring import EXCLUSION_REASONS
from ..vocabulary import FINDING, FINDING_KINDS, FINDINGS_TITLE

__all__ = ["CATALOGUE", "LANGS", "LANG_ENV", "Message", "Rendered", "current_lang",
           "exclusion_text", "finding", "recording", "set_lang", "state", "status_word", "t"]


def _m(vi: str, en: str) -> Message:
    return Message(vi, en)


_FINDINGS_EN = {
    "evidence_missing": "Evidence missing",
    "explained": "No evidence, explanation given",
    "late": "Submitted after the deadline",
    "appraiser_not_assigned": "Appraising body not the one assigned",
    "not_answered": "Not answered",
}

_EXCLUSIONS_EN = {  # the Vietnamese: dtikit.scoring.EXCLUSION_REASONS
    "late": "Submitted after the deadline, not scored",
    "not_appraised": "Not appraised, not scored or ranked",
    "not_ranked": "Assessed but not ranked, as the rules say",
    "incomplete": "Not every indicator answered, no total",
    "rejected": "The form could not be read or has wrong cells, not scored",
}

_STATES_EN = {  # the Vietnamese: dtikit.appraisal.status.STATE_VI (passed as {vi})
    "appraised": "appraised",
    "late": "appraised, after the window",
    "missing": "not appraised",
    "overdue": "not appraised, overdue",
}

CATALOGUE: Mapping[str, Message] = {
    # ---- layout: structured data whose headers and words are catalogued elsewhere
    "layout.table": _m("{text}", "{text}"),
    "layout.item": _m("  - {item}", "  - {item}"),
    "layout.heading": _m("== {heading} ==", "== {heading} =="),
    "layout.text": _m("{text}", "{text}"),
    # ---- framing of errors and notes
    "error.label": _m("lỗi: ", "error: "),
    "error.line": _m("{label}{what}", "{label}{what}"),
    "error.hint": _m("cách khắc phục: {hint}", "what to do: {hint}"),
    "note": _m("lưu ý: {text}", "note: {text}"),
    "internal.label": _m("lỗi nội bộ: ", "internal error: "),
    "internal.line": _m(
        "{label}{what} (lỗi của dtikit hoặc của một phần bổ trợ, không phải của dữ liệu "
        "đầu vào{debug}; vui lòng báo lỗi)",
        "{label}{what} (a bug in dtikit or in a plugin, not in your input{debug}; "
        "please report it)"),
    "internal.debug": _m(" — chạy lại với --debug để xem chi tiết (traceback)",
                         " — run with --debug for the traceback"),
    "aborted": _m("đã hủy", "aborted"),
    "interrupted": _m("đã dừng", "interrupted"),
    "usage.line": _m("Cách dùng: {usage}", "Usage: {usage}"),
    "usage.try": _m("Xem '{command} -h' để được hướng dẫn.", "Try '{command} -h' for help."),
    "usage.missing": _m("thiếu {param}", "missing {param}"),
    "usage.no_such_option": _m("không có tùy chọn {option}", "no such option: {option}"),
    "usage.bad_value": _m("giá trị không hợp lệ cho {param}: {detail}",
                          "invalid value for {param}: {detail}"),
    "usage.no_such_command": _m("không có lệnh {command!r}", "no such command {command!r}"),
    "usage.click": _m("{detail}", "{detail}"),
    "version": _m("dtikit, phiên bản {version}", "dtikit, version {version}"),
    "sample.banner": _m("*** DỮ LIỆU MẪU, minh họa — không phải kết quả chính thức ***",
                        "*** SAMPLE DATA, for illustration — not an official result ***"),
    "progress.reading": _m("Đọc biểu", "Reading forms"),
    # ---- dtikit's errors, by their code (dtikit.errors)
    "problems.head": _m("{source}{count} {title}", "{source}{count} {title}"),
    "problems.rubric_invalid": _m("lỗi trong Bộ chỉ số", "rubric problem(s)"),
    "problems.assessment_invalid": _m("lỗi trong kết quả tự đánh giá, chấm điểm",
                                      "assessment problem(s)"),
    "problems.file_rejected": _m("lỗi trong tệp", "problem(s) in the file"),
    "problems.output_refused": _m("tệp kết quả không được ghi", "output(s) refused"),
    "problems.write_failed": _m("tệp kết quả không ghi được", "output(s) not written"),
    "problems.lineage_invalid": _m("lỗi trong bảng đơn vị sáp nhập, chia tách, đổi tên",
                                   "lineage problem(s)"),
    "problems.problems": _m("lỗi", "problems found"),
    "hint.places": _m(" Cần sửa: {places}{more}.", " To fix: {places}{more}."),
    "hint.places.more": _m(" và {count} chỗ khác", " and {count} more"),
    "hint.file_rejected": _m(
        "Sửa các ô nêu ở trên (tệp, trang tính!ô) rồi chạy lại lệnh.",
        "Fix the places listed above in the file(s) and run the command again."),
    "hint.assessment_invalid": _m(
        "Sửa các câu trả lời này trong biểu (mỗi dòng nêu đơn vị và mã chỉ số, ô cần sửa) "
        "rồi chạy lại lệnh.",
        "Correct these answers in the forms (each line names the unit and the indicator "
        "code) and run the command again."),
    "hint.rubric_invalid": _m(
        "Sửa tệp dữ liệu Bộ chỉ số (dòng và mã chỉ số nêu ở trên); định dạng xem "
        "docs/rubric-data.md, kiểm tra bằng `dtikit rubric validate TỆP`.",
        "Fix the rubric data file; its format is described in docs/rubric-data.md "
        "(check it with `dtikit rubric validate FILE`)."),
    "hint.unknown_rubric": _m(
        "Chạy `dtikit rubrics` để xem các Bộ chỉ số đã cài, hoặc nêu đường dẫn tệp dữ liệu "
        "Bộ chỉ số (.toml hoặc .json).",
        "Run `dtikit rubrics` to list the installed rubrics, or give the path of a rubric "
        "data file (.toml or .json)."),
    "hint.plugin_conflict": _m(
        "Chặn một trong hai phần bổ trợ bằng DTIKIT_DISABLE_PLUGINS=tên.",
        "Block one of the plugins with DTIKIT_DISABLE_PLUGINS=name."),
    "hint.output_refused": _m(
        "Đặt tên khác cho tệp kết quả, hoặc thêm --force để ghi đè tệp kết quả cũ (không bao "
        "giờ ghi đè tệp đầu vào).",
        "Give another output file name, or add --force to replace an earlier output (an "
        "input file is never replaced)."),
    "hint.lineage_invalid": _m(
        "Sửa các dòng nêu ở trên trong bảng đơn vị (--lineage) rồi chạy lại lệnh.",
        "Fix the rows listed above in the lineage table (--lineage) and run again."),
    "error.unknown_rubric": _m("không có phần bổ trợ nào cung cấp Bộ chỉ số {id!r}{near} "
                               "(đã cài: {known})",
                               "no plugin provides rubric {id!r}{near} (known: {known})"),
    "error.unknown_rubric.near": _m("; có phải {ids}?", "; did you mean {ids}?"),
    "error.none": _m("không có", "none"),
    "error.os": _m("{name}: {reason}", "{name}: {reason}"),
    "os.ENOENT": _m("không có tệp hoặc thư mục này", "no such file or directory"),
    "os.EACCES": _m("không có quyền đọc/ghi", "permission denied"),
    "os.EISDIR": _m("đây là thư mục, không phải tệp", "is a folder, not a file"),
    "os.ENOTDIR": _m("không phải thư mục", "not a folder"),
    "os.ENOSPC": _m("hết chỗ trên ổ đĩa", "no space left on the disk"),
    "hint.os": _m("Kiểm tra đường dẫn và quyền đọc (hoặc ghi) tệp.",
                  "Check the path and that you may read (or write) it."),
    "error.format_failed": _m("định dạng {fmt!r} không {what} được: {error}",
                              "format {fmt!r} failed to {what}: {error}"),
    "hint.format_failed": _m(
        "Kiểm tra tệp có đúng biểu của Bộ chỉ số này không; nếu đúng, báo lỗi cho phần bổ trợ "
        "của định dạng (`dtikit plugins` nêu tên).",
        "Check that the file is the right form for this rubric; if it is, report the "
        "problem to the format's plugin (`dtikit plugins` names it)."),
    "what.read_inputs": _m("đọc các tệp đầu vào", "read the input files"),
    "what.write_form": _m("ghi biểu", "write the form"),
    "what.write_results": _m("ghi kết quả", "write the results"),
    "what.read_back": _m("đọc lại kết quả", "read back the results"),
    "what.read_table": _m("đọc bảng", "read the table"),
    # ---- reading the inputs (common)
    "input.none_usable": _m("không có kết quả tự đánh giá nào dùng được trong các tệp đầu vào",
                            "no usable self-assessment in the input files"),
    "input.none_usable.unused": _m("; {count} dòng hoặc ô không dùng được:",
                                   "; {count} row(s) or cell(s) could not be used:"),
    "hint.input.none_usable": _m(
        "Nộp ít nhất một biểu đã điền (tên đơn vị và các câu trả lời) hoặc một tệp JSON kết quả "
        "tự đánh giá.",
        "Give at least one filled form (the unit's name and its answers filled in) or a JSON "
        "file of assessments."),
    "input.empty_folder": _m("{folder}: thư mục không có tệp .xlsx hoặc .json nào",
                             "{folder}: no .xlsx or .json file in this folder"),
    "input.no_file": _m("{path}: không có tệp này", "{path}: no such file"),
    "hint.input.check_path": _m("Kiểm tra đường dẫn và tên tệp.",
                                "Check the file's path and name."),
    "hint.input.no_file": _m("Kiểm tra đường dẫn của từng biểu và tệp thẩm định.",
                             "Check the path of each form and appraisal file."),
    "input.unused": _m("\n{count} lỗi trong dữ liệu đầu vào: các dòng hoặc ô sau không được "
                       "dùng (sửa rồi chạy lại):",
                       "\n{count} problem(s) in the input: these rows or cells were not used "
                       "(fix them and run again):"),
    "input.total": _m("Đã đọc {read} đơn vị từ {files} tệp: {accepted} được chấp nhận, "
                      "{rejected} bị từ chối (không xếp hạng).",
                      "Read {read} unit(s) from {files} file(s): {accepted} accepted, "
                      "{rejected} rejected (not ranked)."),
    "input.file": _m("  {source}: đọc {read}, chấp nhận {accepted}, từ chối {rejected}",
                     "  {source}: read {read}, accepted {accepted}, rejected {rejected}"),
    "unit.none": _m("không có đơn vị {unit!r} trong các tệp", "no unit {unit!r} in the files"),
    "hint.unit.none": _m("Các đơn vị có trong tệp: {names}.", "Units found: {names}."),
    # ---- template
    "template.bad_period": _m("{value!r}: viết theo dạng 01/11/2023-30/9/2024",
                              "{value!r}: write it as 01/11/2023-30/9/2024"),
    "template.wrote": _m("đã ghi {output}: biểu tự đánh giá, chấm điểm của {rubric} "
                         "({leaves} chỉ số cần trả lời){unit} [{used}]",
                         "wrote {output}: the form of {rubric} ({leaves} indicator(s) to "
                         "answer){unit} [{used}]"),
    "template.for_unit": _m(" cho {unit}", " for {unit}"),
    "template.json": _m("khung JSON", "JSON skeleton"),
    "template.format": _m("định dạng {name}: {title}", "format {name}: {title}"),
    # ---- score: the summary
    "results.title": _m("Xếp hạng theo {rubric} - {title}", "Ranking by {rubric} - {title}"),
    "results.new": _m("mới", "new"),
    "results.move": _m(", hạng {arrow}{n}", ", rank {arrow}{n}"),
    "results.percent_points": _m(" điểm %", " % points"),
    "results.delta": _m("{sign}{change}{unit}{move}{note}", "{sign}{change}{unit}{move}{note}"),
    "results.delta_note": _m(" ({note})", " ({note})"),
    "col.rank": _m("HẠNG", "RANK"),
    "col.unit": _m("ĐƠN VỊ", "UNIT"),
    "col.total": _m("TỔNG ĐIỂM ({scale})", "TOTAL ({scale})"),
    "col.percent": _m("TỶ LỆ", "PERCENT"),
    "col.class": _m("XẾP LOẠI", "CLASS"),
    "col.change": _m("SO VỚI NĂM TRƯỚC", "CHANGE FROM LAST YEAR"),
    "results.scope": _m("\nPhạm vi xếp hạng: {group}", "\nRanking scope: {group}"),
    "results.conversion": _m("{key}: {label}", "{key}: {label}"),
    "results.none_ranked": _m("(không có đơn vị nào được xếp hạng)", "(no unit is ranked)"),
    "results.excluded": _m("\nKhông xếp hạng ({count}):", "\nNot ranked ({count}):"),
    "results.excluded_item": _m("  - {unit}: {message}{total}", "  - {unit}: {message}{total}"),
    "results.self_total": _m(" [tự tính: {total}]", " [self-computed: {total}]"),
    "results.findings": _m("\n" + FINDINGS_TITLE + ": {count} ({detail})",
                           "\nFindings in scoring: {count} ({detail})"),
    "results.findings_none": _m("\n" + FINDINGS_TITLE + ": 0", "\nFindings in scoring: 0"),
    "results.finding_count": _m("{label}: {count}", "{label}: {count}"),
    "results.wrote": _m("đã ghi {what}: {path}", "wrote {what}: {path}"),
    "written.results": _m("bảng kết quả", "results"),
    "written.report": _m("báo cáo", "report"),
    "written.json": _m("JSON", "JSON"),
    "score.no_indicator": _m("--tie-break {code}: không có chỉ số {code} trong {rubric}",
                             "--tie-break {code}: no indicator {code} in {rubric}"),
    "score.needs_previous": _m("--lineage và --index-map so sánh với kết quả năm trước: "
                               "cần thêm --previous",
                               "--lineage and --index-map compare with last year's results: "
                               "give --previous too"),
    "score.parents": _m("các đơn vị cấp trên của đợt đánh giá",
                        "the cohort's parent units"),
    "score.read_back_failed": _m("không đọc lại được {path} để kiểm tra: {error}",
                                 "{path} could not be read back to recheck it: {error}"),
    # ---- check-table
    "check.rounding": _m(" [làm tròn, trong mức cho phép]", " [rounding, within tolerance]"),
    "check.line": _m("{disagreement}{tag}", "{disagreement}{tag}"),
    "check.agrees": _m("không có sai lệch: {rows} dòng, mọi tổng điểm, thứ hạng và xếp loại "
                       "khớp với kết quả tính lại",
                       "no disagreement: {rows} row(s), every total, rank and class agrees "
                       "with the recomputation"),
    "check.summary": _m("\nĐã kiểm tra {rows} dòng: {errors} sai lệch, {rounding} chênh lệch "
                        "do làm tròn trong mức cho phép",
                        "\n{rows} row(s) checked: {errors} disagreement(s), {rounding} "
                        "rounding difference(s) within tolerance"),
    "check.disagreements": _m("\nSai lệch ({count}):", "\nDisagreements ({count}):"),
    "check.within_rounding": _m("\nChênh lệch trong phạm vi làm tròn, không phải lỗi ({count}):",
                                "\nWithin rounding, not errors ({count}):"),
    "check.reading": _m("Đọc bảng: dấu thập phân {decimal}; {how}",
                        "Reading the table: decimal {decimal}; {how}"),
    "check.reading.cells": _m("ô số", "number cells"),
    "check.reading.total": _m("tổng", "total"),
    "check.reading.columns": _m("{keys}: {unit}, {places} chữ số thập phân",
                                "{keys}: {unit}, {places} decimals"),
    "check.unit.points": _m("điểm", "points"),
    "check.unit.percent": _m("%", "%"),
    "check.unit.ratio": _m("tỷ lệ 0–1", "ratio 0–1"),
    "check.unit.index": _m("chỉ số 0–1", "index 0–1"),
    "check.tie_break_main": _m("--tie-break {code}: không có chỉ số chính {code} trong {rubric}",
                               "--tie-break {code}: no main index {code} in {rubric}"),
    "check.no_rows": _m("{path}: không tìm thấy dòng kết quả nào",
                        "{path}: no result rows found"),
    "hint.check.no_rows": _m(
        "Bảng cần mỗi đơn vị một dòng: xếp hạng, đơn vị, {count} chỉ số chính của Bộ chỉ số, "
        "tổng điểm, xếp loại.",
        "The table needs one row per unit: rank, unit, the {count} main indices of the "
        "rubric, total, class."),
    "signoff.differs": _m("\n{count} điểm khác với kết quả đã phê duyệt {path}:",
                          "\n{count} difference(s) from the signed-off round {path}:"),
    "signoff.agrees": _m("\nmọi tệp đầu vào và mọi dòng khớp với kết quả đã phê duyệt {path}",
                         "\nevery input and every row agrees with the signed-off round {path}"),
    "signoff.not_a_file": _m("không phải tệp phê duyệt: {error}",
                             "not a sign-off file: {error}"),
    # ---- explain, gap
    "explain.no_indicator": _m("không có chỉ số {code!r} trong {rubric}",
                               "no indicator {code!r} in {rubric}"),
    "hint.explain.codes": _m("Mã chỉ số của Bộ chỉ số này: {codes}.",
                             "Codes of this rubric: {codes}."),
    "explain.not_used": _m("không được dùng: {item}", "not used: {item}"),
    "explain.evidence": _m("Tài liệu kiểm chứng: {cite}{issuer}", "Evidence: {cite}{issuer}"),
    "explain.issuer": _m(" - {issuer}", " - {issuer}"),
    "explain.explanation": _m("Giải trình: {text}", "Explanation: {text}"),
    "explain.no_evidence": _m("Tài liệu kiểm chứng: không có", "Evidence: none"),
    "explain.finding": _m(FINDING + ": {message}", "Finding: {message}"),
    "explain.block": _m("== {unit} ==\n{text}\n", "== {unit} ==\n{text}\n"),
    "gap.head": _m("== {unit}: {total} / {max} điểm; còn có thể đạt thêm {gap} ==",
                   "== {unit}: {total} / {max} points; {gap} still to gain =="),
    "gap.not_answered": _m("chưa trả lời", "not answered"),
    "gap.none": _m("mọi chỉ số đã đạt điểm tối đa", "every indicator has its maximum points"),
    "col.code": _m("MÃ", "CODE"),
    "col.indicator": _m("CHỈ SỐ", "INDICATOR"),
    "col.points": _m("ĐIỂM", "POINTS"),
    "col.max": _m("ĐIỂM TỐI ĐA", "MAXIMUM"),
    "col.gap": _m("CÒN THIẾU", "TO GAIN"),
    "col.appraiser": _m("CƠ QUAN THẨM ĐỊNH", "APPRAISING BODY"),
    # ---- demo
    "demo.not_empty": _m("{folder}: thư mục không trống", "{folder}: the folder is not empty"),
    "hint.demo.not_empty": _m(
        "Chọn thư mục mới bằng --out, hoặc thêm --force để ghi đè các tệp của lần chạy thử "
        "trước trong thư mục đó.",
        "Give a new folder with --out, or add --force to replace the demo's files in it."),
    "demo.cohort": _m("Đợt đánh giá mẫu (dữ liệu mẫu, minh họa) theo {rubric}",
                      "Sample cohort (sample data, for illustration) for {rubric}"),
    "demo.forms": _m("{heading}: đã ghi {count} biểu mẫu vào {folder}, đang đọc lại",
                     "{heading}: wrote {count} sample forms to {folder}, reading them back"),
    "demo.read_xlsx": _m("từ các biểu Excel", "from the Excel forms"),
    "demo.read_json": _m("từ tệp JSON", "from JSON"),
    "demo.part": _m("(kết quả tự đánh giá đọc {source}; bảng kết quả đã ghi, đọc lại và "
                    "kiểm tra: {count} sai lệch)",
                    "(assessments read {source}; the published table written, read back and "
                    "rechecked: {count} disagreement(s))"),
    "wrote": _m("đã ghi {path}", "wrote {path}"),
    "demo.done": _m("\nXong trong {seconds} giây. Mở {report} bằng trình duyệt.",
                    "\nDone in {seconds} s. Open {report} in a browser."),
    # ---- appraisal
    "date.bad": _m("{what} {text!r} không phải là ngày", "{what} {text!r} is not a date"),
    "hint.date.bad": _m("Viết dd/mm/yyyy (16/10/2024) hoặc 2024-10-16.",
                        "Write dd/mm/yyyy (16/10/2024) or 2024-10-16."),
    "window.bad": _m("--window {text!r}: viết BẮT ĐẦU..KẾT THÚC, ví dụ 16/10/2024..23/10/2024",
                     "--window {text!r}: write START..END, e.g. 16/10/2024..23/10/2024"),
    "window.invalid": _m("--window {text!r}: {error}", "--window {text!r}: {error}"),
    "what.window_start": _m("--window ngày bắt đầu", "--window start"),
    "what.window_end": _m("--window ngày kết thúc", "--window end"),
    "appraisal.agency_or_all": _m("cần --agency TÊN hoặc --all-agencies",
                                  "give either --agency NAME or --all-agencies"),
    "appraisal.no_work": _m("không có chỉ số nào của {rubric} giao cho {agency!r} thẩm định",
                            "no indicator of {rubric} is assigned to {agency!r}"),
    "hint.appraisal.agencies": _m("Các cơ quan thẩm định có việc: {agencies}.",
                                  "Agencies with work: {agencies}."),
    "appraisal.no_agency": _m("không có (Bộ chỉ số không nêu cơ quan thẩm định: dùng "
                              "--overrides CSV)",
                              "none (the rubric names no appraiser: give --overrides CSV)"),
    "appraisal.no_appraiser": _m("Bộ chỉ số {rubric} không nêu cơ quan thẩm định",
                                 "the rubric {rubric} names no appraiser"),
    "hint.appraisal.no_appraiser": _m("Nêu phân công bằng --overrides CSV (unit,code,agency).",
                                      "Give the assignment with --overrides CSV "
                                      "(unit,code,agency)."),
    "appraisal.output_is_file": _m("{output} là tệp; --all-agencies ghi vào một thư mục",
                                   "{output} is a file; --all-agencies writes into a folder"),
    "appraisal.nothing_for": _m("{agency} không có chỉ số nào cần thẩm định trong các biểu "
                                "này; không ghi tệp",
                                "{agency} has no indicator to appraise in these forms; "
                                "no workbook"),
    "appraisal.wrote": _m("đã ghi {path}: {agency} - {units} đơn vị, {cells} chỉ số cần "
                          "thẩm định",
                          "wrote {path}: {agency} - {units} unit(s), {cells} indicator(s) to "
                          "appraise"),
    "appraisal.no_file": _m("chưa có tệp thẩm định nào", "no appraisal file given"),
    "hint.appraisal.no_file": _m("Thêm --appraisal TỆP cho phiếu thẩm định của từng cơ quan.",
                                 "Add --appraisal FILE for each agency's workbook."),
    "col.agency": _m("CƠ QUAN THẨM ĐỊNH", "APPRAISING BODY"),
    "col.appraised": _m("ĐÃ THẨM ĐỊNH", "APPRAISED"),
    "col.changed": _m("THAY ĐỔI", "CHANGED"),
    "col.cut": _m("ĐIỂM CẮT GIẢM", "POINTS CUT"),
    "col.added": _m("ĐIỂM CỘNG", "POINTS ADDED"),
    "merge.none": _m("không có chỉ số nào được thẩm định", "no indicator was appraised"),
    "merge.wrote": _m("đã ghi {path}: {units} đơn vị, {cells} chỉ số đã thẩm định",
                      "wrote {path}: {units} unit(s), {cells} indicator(s) appraised"),
    "status.window": _m("Thời gian thẩm định: {start} - {end}",
                        "Appraisal window: {start} - {end}"),
    "status.agency": _m("\n== {agency}: {done}/{count} đơn vị đã thẩm định đủ ==",
                        "\n== {agency}: {done}/{count} unit(s) fully appraised =="),
    "col.state": _m("TÌNH TRẠNG", "STATE"),
    "col.missing": _m("CÒN THIẾU", "MISSING"),
    "col.date": _m("NGÀY THẨM ĐỊNH", "DATE APPRAISED"),
    "status.unassigned": _m("\nChỉ số chưa giao cơ quan thẩm định: {codes} (thêm vào tệp "
                            "--overrides nếu cần thẩm định)",
                            "\nIndicators no appraising body is assigned: {codes} (add them "
                            "to the --overrides file if they need appraisal)"),
    "status.total": _m("\nTổng: {counts}", "\nTotal: {counts}"),
    "status.count": _m("{state}: {count}", "{state}: {count}"),
    "status.rejected": _m("\n{count} ô thẩm định bị từ chối (không tính là đã thẩm định):",
                          "\n{count} appraised cell(s) rejected (not counted as appraised):"),
    **{f"state.{k}": _m("{vi}", en) for k, en in _STATES_EN.items()},
    "sign.rejected": _m("đợt đánh giá còn dòng hoặc ô bị từ chối; chỉ phê duyệt khi mọi tệp "
                        "đầu vào được dùng",
                        "the round has rejected rows or cells; a round is signed off only "
                        "when every input is used"),
    "hint.sign.rejected": _m("Sửa các lỗi đó (hoặc rút các tệp) rồi phê duyệt lại.",
                             "Fix them (or withdraw the files) and sign again."),
    "sign.wrote": _m("đã ghi {path}: {cite}; {inputs} tệp đầu vào, {units} đơn vị; "
                     "mã băm {digest}…",
                     "wrote {path}: {cite}; {inputs} input file(s), {units} unit(s); "
                     "digest {digest}…"),
    # ---- plugins, rubrics
    "plugins.failed": _m("LỖI {failure}", "FAILED {failure}"),
    "plugins.note": _m("LƯU Ý {note}", "NOTE {note}"),
    "plugins.ok": _m("ổn: đã nạp {count} phần bổ trợ, không có lỗi",
                     "ok: {count} plugin(s) loaded, no failure"),
    "plugins.head": _m("Phần bổ trợ: {loaded} đã nạp, {failed} lỗi\n",
                       "Plugins: {loaded} loaded, {failed} failed\n"),
    "col.plugin": _m("PHẦN BỔ TRỢ", "PLUGIN"),
    "col.origin": _m("NGUỒN", "ORIGIN"),
    "col.distribution": _m("GÓI", "DISTRIBUTION"),
    "col.rubrics": _m("BỘ CHỈ SỐ", "RUBRICS"),
    "col.methods": _m("CÁCH CHẤM", "METHODS"),
    "col.formats": _m("ĐỊNH DẠNG", "FORMATS"),
    "plugins.name": _m("\n{name}", "\n{name}"),
    "plugins.rubrics": _m("  Bộ chỉ số: {items}", "  rubrics: {items}"),
    "plugins.methods": _m("  cách chấm: {items}", "  methods: {items}"),
    "plugins.format": _m("  định dạng {name} ({suffixes}): {title}; {operations}; {scope}",
                         "  format {name} ({suffixes}): {title}; {operations}; {scope}"),
    "plugins.any_rubric": _m("mọi Bộ chỉ số", "any rubric"),
    "plugins.no_operation": _m("không có thao tác", "no operation"),
    "plugins.note_line": _m("\nlưu ý: {note}", "\nnote: {note}"),
    "plugins.failures": _m("\nKhông nạp được:", "\nFailed to load:"),
    "plugins.detail": _m("    {detail}", "    {detail}"),
    "rubrics.none": _m("không có Bộ chỉ số nào phù hợp{why}", "no rubric matches{why}"),
    "rubrics.none_installed": _m(" (chưa cài Bộ chỉ số nào: cài phần bổ trợ của tỉnh)",
                                 " (no rubric is installed: install a province plugin)"),
    "col.id": _m("MÃ BỘ CHỈ SỐ", "ID"),
    "col.years": _m("NĂM ÁP DỤNG", "YEARS"),
    "col.scale": _m("THANG ĐIỂM", "SCALE"),
    "col.status": _m("DỮ LIỆU", "STATUS"),
    "col.decision": _m("QUYẾT ĐỊNH", "DECISION"),
    "col.province": _m("TỈNH", "PROVINCE"),
    "rubrics.status": _m(
        "\nDữ liệu: đủ = đủ mọi chỉ số thành phần; một phần = một số chỉ số chính chấm "
        "theo điểm nhập (chưa rõ chỉ số thành phần); cấu trúc = chỉ có cây chỉ số, chưa có "
        "điểm.",
        "\nstatus: complete = every leaf encoded; partial = some main indices scored as "
        "entered points (sub-indices unknown); structure = tree only, no points."),
    "status.complete": _m("đủ", "complete"),
    "status.partial": _m("một phần", "partial"),
    "status.structure": _m("cấu trúc", "structure"),
    "status.confirmed": _m("đã xác nhận", "confirmed"),
    "status.inferred": _m("suy ra", "inferred"),
    "status.unknown": _m("chưa rõ", "unknown"),
    # ---- rubric show / validate / diff / import / export
    "show.describe": _m("{text}", "{text}"),
    "show.facts": _m("cấp: {tier}; năm áp dụng: {years}; dữ liệu: {status}; đo bằng: {measure}; "
                     "làm tròn: {places} chữ số thập phân, 5 lên",
                     "tier: {tier}; years: {years}; status: {status}; measure: {measure}; "
                     "rounding: {places} decimals, half-up"),
    "show.period": _m("; kỳ đánh giá: {start} - {end}", "; period: {start} - {end}"),
    "show.classes": _m("xếp loại ({status}): {bands}", "classes ({status}): {bands}"),
    "show.band": _m("{label} {range}{unit}", "{label} {range}{unit}"),
    "show.points": _m(" điểm", " points"),
    "show.deadline": _m("hạn nộp {deadline} (nộp muộn: {late})", "deadline {deadline} (late: {late})"),
    "show.require_appraisal": _m("không chấm điểm khi chưa thẩm định",
                                 "no score without appraisal"),
    "show.scope": _m("xếp hạng trong: {scope}", "ranked within: {scope}"),
    "show.scope.parent": _m("đơn vị cấp trên", "the parent unit"),
    "show.scope.cohort": _m("toàn bộ đơn vị được đánh giá", "the cohort"),
    "show.workflow": _m("quy trình: {rules}", "workflow: {rules}"),
    "show.variant": _m("biến thể {key}: {name} - Không áp dụng: {codes}",
                       "variant {key}: {name} - not applicable: {codes}"),
    "show.conversion": _m("quy đổi {key}: {label} = DTI × {multiply} / {divide}",
                          "conversion {key}: {label} = DTI × {multiply} / {divide}"),
    "show.unnamed": _m("(chưa rõ tên)", "(name unknown)"),
    "show.capped": _m(" (giới hạn)", " (capped)"),
    "show.how": _m("  cách tính: {text}", "  how: {text}"),
    "show.appraiser": _m("  thẩm định: {text}", "  appraised by: {text}"),
    "show.evidence": _m("  tài liệu kiểm chứng: {text}", "  evidence: {text}"),
    "show.outline": _m("{name} [chỉ biết mã, không chấm]", "{name} [code only, not scored]"),
    "col.name": _m("TÊN CHỈ SỐ", "NAME"),
    "col.method": _m("CÁCH CHẤM", "METHOD"),
    "col.level": _m("CẤP", "LEVEL"),
    "col.source": _m("NGUỒN", "SOURCE"),
    "show.total": _m("\n{leaves} chỉ số thành phần cần trả lời; điểm tối đa {scale}.",
                     "\n{leaves} leaf indicator(s) to answer; total {scale} points."),
    "show.notes": _m("\nghi chú: {notes}", "\nnotes: {notes}"),
    "validate.problem": _m("{file}: {problem}", "{file}: {problem}"),
    "validate.count": _m("\n{count} lỗi trong {file}.", "\n{count} problem(s) in {file}."),
    "validate.ok": _m("{file}: hợp lệ - {rubric}, {indicators} chỉ số ({leaves} cần trả lời), "
                      "thang điểm {scale}.",
                      "{file}: valid - {rubric}, {indicators} indicators ({leaves} to answer), "
                      "scale {scale}."),
    "diff.head": _m("{a} → {b}: {common} chỉ số có ở cả hai",
                    "{a} → {b}: {common} indicator(s) in both"),
    "diff.same": _m("không có khác biệt", "no difference"),
    "diff.added": _m("Thêm", "Added"),
    "diff.removed": _m("Bỏ", "Removed"),
    "diff.renamed": _m("Đổi tên", "Renamed"),
    "diff.max_changed": _m("Đổi điểm tối đa", "Maximum changed"),
    "diff.method_changed": _m("Đổi cách chấm", "Method changed"),
    "diff.moved": _m("Đổi chỉ số cha", "Moved"),
    "diff.level_changed": _m("Đổi cấp", "Level changed"),
    "diff.settings": _m("Thiết lập của Bộ chỉ số", "Rubric settings"),
    "diff.section": _m("\n{title} ({count})", "\n{title} ({count})"),
    "col.before": _m("TRƯỚC", "BEFORE"),
    "col.after": _m("SAU", "AFTER"),
    "col.field": _m("MỤC", "FIELD"),
    "import.bad_column": _m("--column {value!r} không có dạng LOẠI=TIÊU_ĐỀ",
                            "--column {value!r} is not KIND=HEADER"),
    "hint.import.bad_column": _m(
        "ví dụ --column max=\"Điểm\" hoặc --column how=D (một chữ cái hoặc một số).",
        "e.g. --column max=\"Điểm\" or --column how=D (a letter or a number)."),
    "import.bad_scale": _m("--scale {value!r} không phải là số",
                           "--scale {value!r} is not a number"),
    "hint.import.bad_id": _m("Nêu --id dạng tỉnh/cấp/năm, ví dụ mau/commune/2024.",
                             "Give --id as province/tier/year, e.g. mau/commune/2024."),
    "import.wrote": _m("đã ghi {output}: {rubric}, {indicators} chỉ số ({leaves} cần trả lời), "
                       "thang điểm {scale}; nhận dạng được cách tính của {recognised}/{leaves}.",
                       "wrote {output}: {rubric}, {indicators} indicators ({leaves} to answer), "
                       "scale {scale}; rules recognised for {recognised} of {leaves}."),
    "import.review": _m("Cần rà soát - cách tính chưa nhận dạng (tạm chấm awarded)",
                        "To review - rule not recognised (scored awarded for now)"),
    "import.sum": _m("Tổng không khớp", "Sums that do not add up"),
    "import.rule": _m("Cách tính cần xem lại", "Rules worth a look"),
    "import.structure": _m("Cấu trúc", "Structure"),
    "import.section": _m("\n{title} ({count}):", "\n{title} ({count}):"),
    "import.invalid": _m("\n`dtikit rubric validate {output}` còn báo {count} lỗi cho đến khi "
                         "các dòng trên được sửa trong tệp.",
                         "\n`dtikit rubric validate {output}` finds {count} problem(s) until "
                         "the rows above are fixed in the file."),
    "export.wrote": _m("đã ghi {output}: {rubric} dạng bảng phụ lục ({rows} dòng).",
                       "wrote {output}: {rubric} as its appendix table ({rows} rows)."),
    **{f"exclusion.{k}": _m(v, _EXCLUSIONS_EN[k]) for k, v in EXCLUSION_REASONS.items()},
    # ---- findings (dtikit.vocabulary)
    **{f"finding.{k}": _m(v, _FINDINGS_EN[k]) for k, v in FINDING_KINDS.items()},
    # ---- click's own texts (its gettext ids, CLICK_TEXTS): usage errors, help framing
    "click.not_choice": _m("{value!r} không phải {choice}.", "{value!r} is not {choice}."),
    "click.not_one_of": _m("{value!r} không thuộc các giá trị {choices}.",
                           "{value!r} is not one of {choices}."),
    "click.not_number": _m("{value!r} không phải là {number_type} hợp lệ.",
                           "{value!r} is not a valid {number_type}."),
    "click.range": _m("{value} nằm ngoài khoảng {range}.",
                      "{value} is not in the range {range}."),
    "click.date_format": _m("{value!r} không đúng định dạng {format}.",
                            "{value!r} does not match the format {format}."),
    "click.date_formats": _m("{value!r} không đúng các định dạng {formats}.",
                             "{value!r} does not match the formats {formats}."),
    "click.no_path": _m("{name} {filename!r} không tồn tại.",
                        "{name} {filename!r} does not exist."),
    "click.is_dir": _m("{name} {filename!r} là thư mục.", "{name} {filename!r} is a directory."),
    "click.is_file": _m("{name} {filename!r} là tệp.", "{name} {filename!r} is a file."),
    "click.not_readable": _m("không đọc được {name} {filename!r}.",
                             "{name} {filename!r} is not readable."),
    "click.not_writable": _m("không ghi được vào {name} {filename!r}.",
                             "{name} {filename!r} is not writable."),
    "click.file": _m("tệp", "file"),
    "click.directory": _m("thư mục", "directory"),
    "click.path": _m("đường dẫn", "path"),
    "click.extra_arg": _m("thừa đối số ({args})", "Got unexpected extra argument ({args})"),
    "click.extra_args": _m("thừa các đối số ({args})", "Got unexpected extra arguments ({args})"),
    "click.needs_arg": _m("tùy chọn {name!r} cần một giá trị.",
                          "Option {name!r} requires an argument."),
    "click.needs_args": _m("tùy chọn {name!r} cần {nargs} giá trị.",
                           "Option {name!r} requires {nargs} arguments."),
    "click.no_value": _m("tùy chọn {name!r} không nhận giá trị.",
                         "Option {name!r} does not take a value."),
    "click.missing_command": _m("thiếu lệnh.", "Missing command."),
    "click.did_you_mean": _m("Có phải {possibility}?", "Did you mean {possibility}?"),
    "click.did_you_mean_one": _m("(Có phải một trong các tùy chọn: {possibilities}?)",
                                 "(Did you mean one of: {possibilities}?)"),
    "click.usage": _m("Cách dùng:", "Usage:"),
    "click.options": _m("Tùy chọn", "Options"),
    "click.commands": _m("Lệnh", "Commands"),
    "click.help": _m("Hiện hướng dẫn này rồi thoát.", "Show this message and exit."),
    "click.version": _m("Hiện phiên bản rồi thoát.", "Show the version and exit."),
    "click.default": _m("mặc định: {default}", "default: {default}"),
    # ---- a problem: where it is, and what (the library's problem texts, dtikit.messages)
    "problem.line": _m("{where}: {message}", "{where}: {message}"),
    **{f"problem.{k}": v for k, v in PROBLEMS.items()},
}
"""Every message the CLI prints, by id."""


def t(msg_id: str, /, **values: Any) -> str:
    """The message ``msg_id`` in the chosen language, its placeholders filled in.
    An id that is not in the catalogue is a bug (KeyError)."""
    return render(CATALOGUE, msg_id, values)


CLICK_TEXTS: Mapping[str, str] = {
    msg.en: key for key, msg in CATALOGUE.items() if key.startswith("click.")}
"""click's own messages (the ids it passes to gettext), by their catalogue id."""

_CLICK_MODULES = ("core", "types", "exceptions", "parser", "decorators", "formatting")


def _click_gettext(message: str) -> str:
    key = CLICK_TEXTS.get(message)
    return message if key is None else CATALOGUE[key].text(current_lang())


def _click_ngettext(singular: str, plural: str, n: int) -> str:
    return _click_gettext(singular if n == 1 else plural)


@contextmanager
def click_texts() -> Iterator[None]:
    """Inside the block, click's own texts (usage errors: a bad choice, a number out of
    range, an extra argument; the help's framing) in the chosen language. click asks
    :mod:`gettext` for each (``_("…")``, ``ngettext``); the block answers from the
    catalogue, then gives click its own functions back (a host application that runs
    click itself is not changed)."""
    import importlib

    saved: list[tuple[Any, str, Any]] = []
    for name in _CLICK_MODULES:
        module = importlib.import_module(f"click.{name}")
        for attr, fn in (("_", _click_gettext), ("ngettext", _click_ngettext)):
            if hasattr(module, attr):
                saved.append((module, attr, getattr(module, attr)))
                setattr(module, attr, fn)
    try:
        yield
    finally:
        for module, attr, fn in saved:
            setattr(module, attr, fn)


def finding(kind: str) -> str:
    """A finding kind's label in the chosen language (a plugin's own kind as it is)."""
    return t(f"finding.{kind}") if f"finding.{kind}" in CATALOGUE else kind


def exclusion_text(exclusion: Any) -> Any:
    """Why a unit is not ranked (:class:`dtikit.ranking.Exclusion`), in the chosen language:
    the reason's words from the catalogue, its detail (a unit's own words, a rejected
    row's problems) as given."""
    words = EXCLUSION_REASONS.get(exclusion.reason)
    message = exclusion.message
    if words and isinstance(message, str) and message.startswith(words):
        return t(f"exclusion.{exclusion.reason}") + message[len(words):]
    return message


def status_word(status: str) -> str:
    """A rubric's data status (``complete``, ``partial``, ``structure``) or a source's
    (``confirmed``, ``inferred``, ``unknown``) in the chosen language."""
    return t(f"status.{status}") if f"status.{status}" in CATALOGUE else status


def state(key: str, vi: str) -> str:
    """An appraisal state's label in the chosen language (``vi``: its Vietnamese label,
    :data:`dtikit.appraisal.status.STATE_VI`)."""
    return t(f"state.{key}", vi=vi) if f"state.{key}" in CATALOGUE else vi
