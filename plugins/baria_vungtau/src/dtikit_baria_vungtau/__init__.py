"""dtikit plugin for Bà Rịa – Vũng Tàu: the DTI rubrics of Quyết định 2647/QĐ-UBND (08/10/2024).

The rubrics are data files in ``rubrics/``; see this plugin's README for what
is confirmed from the source, what is inferred, and what is missing.

The forms Biểu số 01 / 02 / 03 are declared as data (:data:`FORMS`). Seed 002
names them and their evidence guides (Phụ lục 1 / 2 / 3) and states the
evidence rule printed on them; the forms' own titles and column order were not
found, so the titles are composed from the letter's wording and the columns
are dtikit's official order (STT | Chỉ số | Điểm tối đa | Cách xác định và tính
điểm | inputs | Điểm tự đánh giá | Tài liệu kiểm chứng | Giải trình).
"""

from __future__ import annotations

from collections.abc import Iterable
from importlib.resources import files

from dtikit import plugin
from dtikit.plugin import FormSpec

_EVIDENCE_RULE = ("Các tài liệu kiểm chứng kèm theo phải là file điện tử có sử dụng chữ ký số, "
                  "chứng thư số do Sở Thông tin và Truyền thông quản lý.")
_LATE_RULE = ("Các cơ quan, đơn vị gửi kết quả đánh giá về Sở Thông tin và Truyền thông sau "
              "thời gian quy định thì không được đánh giá chấm điểm.")
_SOURCE = ("Biểu số {n} and Phụ lục {k} are named in the Sở TT&TT letter of 25/10/2024 (seed "
           "002); the form's own title and columns were not found: the title is composed from "
           "the letter's wording, the columns are dtikit's official order.")


def _form(n: str, tier: str, who: str, deadline: str) -> FormSpec:
    k = n.lstrip("0")
    return FormSpec(
        name=f"baria_vungtau/bieu-{n}",
        code=f"Biểu số {n}",
        title=f"ĐÁNH GIÁ, CHẤM ĐIỂM CHỈ SỐ CHUYỂN ĐỔI SỐ — {who.upper()}",
        sheet=f"Biểu {n}",
        notes=(f"Tài liệu kiểm chứng theo hướng dẫn tại Phụ lục {k}. {_EVIDENCE_RULE}",
               f"Hạn gửi kết quả: {deadline}. {_LATE_RULE}"),
        rubrics=(f"baria_vungtau/{tier}/2024",),
        description=f"Biểu số {n} (Quyết định 2647/QĐ-UBND): {who} tự đánh giá, chấm điểm.",
        source_note=_SOURCE.format(n=n, k=k),
    )


#: The three forms of 2647/QĐ-UBND, as data.
FORMS: tuple[FormSpec, ...] = (
    _form("01", "department", "các sở, ban, ngành",
          "trước ngày 05/11/2024, về Sở Thông tin và Truyền thông"),
    _form("02", "district", "UBND các huyện, thị xã, thành phố",
          "trước ngày 05/11/2024, về Sở Thông tin và Truyền thông"),
    _form("03", "commune", "UBND các xã, phường, thị trấn",
          "trước ngày 06/11/2024, về UBND cấp huyện để thẩm định"),
)


@plugin.hookimpl
def dtikit_rubrics() -> Iterable[plugin.Rubric]:
    return plugin.load_rubrics(files(__name__) / "rubrics")


@plugin.hookimpl
def dtikit_formats() -> Iterable[plugin.Format]:
    return [plugin.form_format(spec) for spec in FORMS]
