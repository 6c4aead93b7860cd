"""The ``--help`` pages in Vietnamese: each command's and option's help, by its place
(``"score"``, ``"score -o"``, ``"score:short"`` for a command's one-line help).

The English is the command's own (its docstring and ``help=``, which the CLI
reference in docs/cli.md is generated from); this is its Vietnamese, shown by
default (``dtikit --lang en … --help`` shows the English). A test holds the two in
step: every command and option has its Vietnamese here, and nothing here is stale.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from typing import Any

import click

from .messages import current_lang

_APPRAISAL = ("Tệp thẩm định: phiếu thẩm định của cơ quan, biểu thẩm định hoặc JSON (lặp lại "
              "cho nhiều tệp; một thư mục thay cho các tệp trong đó).")
_OVERRIDES = ("Tệp CSV phân công theo từng đơn vị (unit,code,agency; unit * cho mọi đơn vị), "
              "thay cơ quan thẩm định mà Bộ chỉ số giao cho một chỉ số.")
_READ_WITH = "Đọc bằng định dạng này."
_FORCE_OUT = "Ghi đè tệp kết quả nếu đã có."
_UNIT = "Chỉ đơn vị này (tên hoặc mã); mặc định: mọi đơn vị trong các tệp."
_APPRAISAL_FILE = "Một tệp thẩm định (lặp lại được)."
_ISSUER = ("Cơ quan ban hành, như tiêu đề và phần ký tên ghi, ví dụ "
           "'UBND huyện An Bình'.")
_DECISION = ("Số quyết định, ví dụ 2947/QĐ-UBND (chỉ ghi số thì thêm "
             "/QĐ-UBND).")
_PLACE = "Địa danh của dòng địa danh, ngày tháng, ví dụ 'An Bình'."
_DOC_DATE = "Ngày của văn bản (quyết định), DD/MM/YYYY."
_YEAR = "Năm của đợt đánh giá khi khác năm của Bộ chỉ số."
_PERIOD = "Kỳ số liệu của đợt đánh giá, ví dụ 01/11/2023-30/9/2024."
_ID = "ID là một Bộ chỉ số đã cài (xem `dtikit rubrics`) hoặc một tệp dữ liệu Bộ chỉ số."

HELP_VI: Mapping[str, str] = {
    "": """dtikit — chấm điểm Chỉ số chuyển đổi số (DTI) của các cơ quan, đơn vị theo Bộ chỉ
số của tỉnh.

\b
Cách dùng thường gặp:
  dtikit rubrics                               liệt kê các Bộ chỉ số đã cài
  dtikit template ID -o form.xlsx              biểu tự đánh giá để trống
  dtikit score ID forms/*.xlsx -o results.xlsx --report report.html
  dtikit check-table ID published.xlsx         kiểm tra lại một bảng kết quả đã công bố
  dtikit demo                                  chạy thử toàn bộ trên dữ liệu mẫu

ID là mã Bộ chỉ số dạng tỉnh/cấp/năm (các mã đã cài: `dtikit rubrics`).

Mã thoát: 0 xong; 1 có phát hiện (lỗi kiểm tra, sai lệch, khác biệt, dòng bị từ chối);
2 dùng sai lệnh hoặc dữ liệu đầu vào không dùng được; 3 lỗi nội bộ (lỗi của chương
trình: một dòng, traceback khi có --debug). Không lệnh nào ghi đè tệp đã có nếu thiếu
--force, và không bao giờ ghi đè tệp đầu vào của chính nó.

Thông báo bằng tiếng Việt; --lang en (hoặc DTIKIT_LANG=en) in bằng tiếng Anh. Chương
trình tự động nên đọc --json, hoặc chạy với --lang en.""",
    "--lang": "Ngôn ngữ của thông báo: vi (mặc định) hoặc en; cũng có thể đặt DTIKIT_LANG=en.",
    "--version": "Hiện phiên bản rồi thoát.",
    "--debug": "In traceback của lỗi nội bộ (mã thoát 3).",
    # ---- appraisal
    "appraisal:short": "Đợt thẩm định: phiếu của cơ quan, tổng hợp, tình hình, phê duyệt.",
    "appraisal": """Đợt thẩm định như các tỉnh tổ chức: mỗi đơn vị tự đánh giá, sau
đó mỗi cơ quan thẩm định các chỉ số được giao cho mọi đơn vị, trong thời gian thẩm định,
và một quyết định phê duyệt kết quả.

\b
  dtikit appraisal make ID forms/ --all-agencies -o workbooks/
  dtikit appraisal status ID forms/ --appraisal returned/
  dtikit appraisal merge ID forms/ --appraisal returned/ -o round.json
  dtikit score ID forms/ --appraisal returned/ -o results.xlsx
  dtikit appraisal sign ID forms/ --appraisal returned/ --decision … -o signoff.json

Cơ quan thẩm định của mỗi chỉ số là `appraiser` của Bộ chỉ số (xem `dtikit rubric show
ID`); --overrides CSV thay đổi theo từng đơn vị.""",
    "appraisal make:short": "Ghi phiếu thẩm định của một cơ quan.",
    "appraisal make": """Ghi phiếu thẩm định của một cơ quan: mỗi đơn vị và chỉ số
giao cho cơ quan một dòng, với kết quả và điểm tự chấm của đơn vị, tài
liệu kiểm chứng đơn vị nêu và giải trình; và các ô
cho kết quả thẩm định, điểm thẩm định (nhập khi cách chấm là `awarded`,
còn lại dtikit tính) và ý kiến. Chỉ các ô đó (và ngày thẩm định)
được mở khóa.

Kết quả thẩm định đã có (--appraisal) được ghi vào các ô.""",
    "appraisal make --agency": "Cơ quan thẩm định cần ghi phiếu.",
    "appraisal make --all-agencies": "Mỗi cơ quan một phiếu, ghi vào thư mục nêu ở -o.",
    "appraisal make -o": "Phiếu (.xlsx) cần ghi; với --all-agencies, một thư mục.",
    "appraisal make --overrides": _OVERRIDES,
    "appraisal make --appraisal": _APPRAISAL,
    "appraisal make --format": "Đọc các biểu bằng định dạng này.",
    "appraisal make --force": "Ghi đè các phiếu đã có.",
    "appraisal merge:short": "Tổng hợp kết quả thẩm định của các cơ quan vào một tệp.",
    "appraisal merge": """Tổng hợp kết quả thẩm định vào kết quả tự đánh
giá: kết quả thẩm định thay kết quả tự đánh giá. Một ô hai cơ quan cùng thẩm định, một
cơ quan thẩm định chỉ số không giao cho mình, một đơn vị hoặc mã không có: mỗi trường
hợp được liệt kê kèm tệp và ô, không được áp dụng (mã thoát 1); phần còn lại không bị
dừng.

Tệp tổng hợp (JSON) là tệp `dtikit score ID round.json` đọc.""",
    "appraisal merge --appraisal": _APPRAISAL,
    "appraisal merge --overrides": _OVERRIDES,
    "appraisal merge -o": "Tệp tổng hợp cần ghi (.json: mọi kết quả tự đánh giá kèm thẩm định).",
    "appraisal merge --format": _READ_WITH,
    "appraisal merge --force": _FORCE_OUT,
    "appraisal sign:short": "Ghi quyết định phê duyệt kết quả.",
    "appraisal sign": """Phê duyệt đợt đánh giá: chấm điểm kết quả cuối cùng và ghi
quyết định (số, ngày, người ký), tổng điểm và thứ hạng được phê duyệt của mọi đơn vị,
và mã băm nội dung (SHA-256) của mọi tệp đầu vào. Sau đó `dtikit check-table ID
TABLE --signoff FILE` phát hiện mọi thay đổi về sau của một tệp đầu vào, và mọi dòng
công bố khác với kết quả đã phê duyệt.""",
    "appraisal sign --appraisal": _APPRAISAL,
    "appraisal sign --overrides": _OVERRIDES,
    "appraisal sign --decision": "Số quyết định, ví dụ 2947/QĐ-UBND.",
    "appraisal sign --date": "Ngày quyết định (dd/mm/yyyy).",
    "appraisal sign --signer": "Người ký (họ tên và chức vụ).",
    "appraisal sign -o": "Tệp phê duyệt cần ghi (.json).",
    "appraisal sign --format": _READ_WITH,
    "appraisal sign --force": _FORCE_OUT,
    "appraisal status:short": "Mỗi cơ quan đã thẩm định những gì, còn thiếu những gì.",
    "appraisal status": """Tình hình thẩm định: theo từng cơ quan và từng đơn vị,
các chỉ số đã thẩm định, còn thiếu, và phần thẩm định ghi ngày sau thời gian thẩm định.
Các chỉ số chưa giao cơ quan nào được liệt kê.

Mã thoát 1 khi còn thiếu (hoặc có ô bị từ chối), 0 khi mọi cơ quan đã thẩm định mọi
đơn vị.""",
    "appraisal status --appraisal": _APPRAISAL,
    "appraisal status --overrides": _OVERRIDES,
    "appraisal status --window": ("Thời gian thẩm định, ví dụ 16/10/2024..23/10/2024 (mặc định: "
                                  "workflow.appraisal_window của Bộ chỉ số)."),
    "appraisal status --today": ("Coi ngày này là hôm nay (mặc định: ngày của máy): phần còn "
                                 "thiếu sau khi hết thời gian thẩm định là quá hạn."),
    "appraisal status --format": _READ_WITH,
    "appraisal status --json": "In tình hình dạng JSON.",
    # ---- check-table
    "check-table:short": "Kiểm tra lại một bảng kết quả đã công bố.",
    "check-table": """Tính lại một bảng kết quả đã công bố và liệt kê mọi
sai lệch: tổng điểm không bằng tổng các phần, thứ hạng không đúng theo tổng điểm (theo
từng nhóm khi Bộ chỉ số xếp hạng theo huyện), xếp loại không đúng theo các mức của Bộ
chỉ số trên điểm tối đa áp dụng của đơn vị, điểm các phần vượt điểm tối đa.

TABLE là tệp .xlsx, hoặc văn bản dán từ quyết định (.csv, .tsv, .txt). Các cột được
nhận theo tiêu đề (tên hoặc mã các chỉ số chính của Bộ chỉ số, Xếp hạng, Đơn vị, Tổng
điểm, Xếp loại, Nhóm xếp hạng hoặc Huyện, Điểm tối đa áp dụng); bảng không có tiêu đề
như vậy được đọc theo thứ tự hạng, đơn vị, mỗi chỉ số chính một cột, tổng điểm, xếp
loại. Chênh lệch không vượt quá mức làm tròn của các số đã công bố (của từng phần và
của tổng điểm) được liệt kê riêng, kèm giới hạn. Mã thoát 1 khi có sai lệch vượt mức
làm tròn.""",
    "check-table --format": "Đọc bảng bằng định dạng này.",
    "check-table --json": "In kết quả kiểm tra dạng JSON.",
    "check-table --decimal": ("Cách bảng viết số thập phân: vi = 1.234,5 (dấu phẩy thập phân), "
                              "en = 1,234.5 (dấu chấm thập phân). Mặc định: xác định một lần "
                              "từ chính các số trong bảng."),
    "check-table --places": ("Độ chính xác đã công bố: mọi số trong bảng được làm tròn 5 lên "
                             "đến N chữ số thập phân. Mặc định: đọc từ bảng."),
    "check-table --parts": ("Cách viết các cột chỉ số chính: điểm, phần trăm điểm tối đa của "
                            "chỉ số, hoặc tỷ lệ 0-1. Mặc định: theo tiêu đề (%, tỷ lệ), nếu "
                            "không thì điểm."),
    "check-table --total": ("Cách viết tổng điểm: điểm, phần trăm điểm tối đa áp dụng của đơn "
                            "vị, hoặc chỉ số 0-1. Mặc định: theo tiêu đề, nếu không thì điểm."),
    "check-table --tie-break": ("Các tổng điểm bằng nhau được phân định bằng chỉ số chính này "
                                "(lặp lại được), như `dtikit score --tie-break`."),
    "check-table --signoff": ("Tệp phê duyệt (`dtikit appraisal sign`): kiểm tra thêm rằng không "
                              "tệp đầu vào nào của đợt đã phê duyệt bị thay đổi và bảng đúng là "
                              "bảng đã phê duyệt."),
    # ---- demo
    "demo:short": "Chạy toàn bộ quy trình trên dữ liệu mẫu.",
    "demo": """Chạy toàn bộ quy trình trên DỮ LIỆU MẪU đi kèm dtikit: chấm điểm,
xếp hạng và xếp loại một đợt đánh giá mẫu các xã theo một Bộ chỉ số thật có sẵn, ghi
bảng kết quả công bố và trang báo cáo, rồi kiểm tra lại một bảng kết quả thật đã công
bố (năm 2023) và in các sai lệch. Thư mục không trống chỉ được dùng khi
có --force.""",
    "demo --out": "Thư mục ghi các tệp của lần chạy thử.",
    "demo --force": "Ghi đè các tệp của lần chạy thử trước trong thư mục.",
    # ---- explain, gap
    "explain:short": "Giải thích điểm của một chỉ số cho một đơn vị.",
    "explain": """Giải thích điểm của một chỉ số cho một đơn vị: cách tính, câu trả lời tự đánh
giá và thẩm định, tài liệu kiểm chứng đã nộp, và số điểm.""",
    "explain --code": "Mã chỉ số, ví dụ 6.2.",
    "explain --format": _READ_WITH,
    "explain --appraisal": _APPRAISAL_FILE,
    "explain --unit": _UNIT,
    "explain --json": "In phần giải thích dạng JSON.",
    "gap:short": "Đơn vị còn có thể đạt thêm điểm ở đâu, nhiều nhất trước.",
    "gap": """Kế hoạch cải thiện: với mỗi đơn vị, các chỉ số còn có thể đạt
thêm nhiều điểm nhất so với điểm tối đa, nhiều nhất trước.""",
    "gap --format": _READ_WITH,
    "gap --appraisal": _APPRAISAL_FILE,
    "gap --unit": _UNIT,
    "gap --top": "Chỉ hiện N chỉ số còn thiếu nhiều điểm nhất.",
    "gap --json": "In kết quả dạng JSON.",
    # ---- plugins
    "plugins:short": "Liệt kê các phần bổ trợ: Bộ chỉ số, cách chấm và định dạng của chúng.",
    "plugins": """Liệt kê các phần bổ trợ đã nạp: các Bộ chỉ số, cách chấm điểm và
định dạng tệp mỗi phần bổ trợ cung cấp, và mọi phần bổ trợ không nạp được kèm lý do. Một
phần bổ trợ lỗi (kể cả khi gọi sys.exit) được nêu tên; các phần bổ trợ khác vẫn được
nạp.

Mã thoát 1 khi có phần bổ trợ không nạp được.""",
    "plugins --json": "In báo cáo phần bổ trợ dạng JSON.",
    "plugins -v": "Hiện đầy đủ lý do của mỗi lỗi.",
    "plugins --check": ("Chỉ liệt kê mọi lỗi (nạp, hook, kiểm tra Bộ chỉ số, trùng lặp) và mọi "
                        "định dạng dùng thay một phần mở rộng có sẵn; mã thoát 1 nếu có lỗi."),
    # ---- rubric …
    "rubric:short": "Xem, kiểm tra, so sánh, nhập hoặc xuất Bộ chỉ số.",
    "rubric": """Xem một Bộ chỉ số: hiện cây chỉ số, kiểm tra một tệp dữ liệu Bộ chỉ
số, so sánh hai Bộ chỉ số (ví dụ hai năm); nhập bảng phụ lục của một quyết định thành
tệp dữ liệu Bộ chỉ số, và xuất một Bộ chỉ số thành bảng đó.""",
    "rubric diff": """Những gì thay đổi từ Bộ chỉ số ID_A (cũ) sang ID_B (mới): chỉ số thêm, bỏ,
đổi tên (cùng mã, tên mới), đổi điểm tối đa, đổi cách chấm, đổi chỉ số cha; và các thiết
lập chung của Bộ chỉ số (thang điểm, xếp loại, hạn nộp, …).

Mỗi ID là một Bộ chỉ số đã cài hoặc một tệp dữ liệu Bộ chỉ số. Mã thoát 1 khi hai Bộ chỉ
số khác nhau, 0 khi giống nhau (như lệnh `diff`).""",
    "rubric diff --json": "In các khác biệt dạng JSON.",
    "rubric export": """Xuất một Bộ chỉ số thành bảng phụ lục của quyết định (.docx hoặc .xlsx): STT,
tên, Điểm tối đa, Cách xác định và tính điểm, Tài liệu kiểm chứng, Nguồn dữ liệu, Đơn vị
thẩm định, các dòng nhóm in đậm — để đối chiếu với quyết định đã ký. `dtikit rubric
import` tệp này cho lại Bộ chỉ số.

""" + _ID,
    "rubric export -o": "Bảng cần ghi: .docx hoặc .xlsx.",
    "rubric export --force": _FORCE_OUT,
    "rubric import": """Đọc bảng phụ lục của một quyết định — .docx, .pdf có lớp chữ, .xlsx,
.csv hoặc .tsv — và ghi tệp dữ liệu Bộ chỉ số.

Các cột được nhận theo chữ trong tiêu đề (STT | Chỉ số | Điểm tối đa | Cách xác định và
tính điểm | Tài liệu kiểm chứng | Đơn vị thẩm định), có hoặc không dấu. Mỗi chỉ số
thành phần giữ nguyên văn cách tính (`how`) và nhận cách chấm theo cách diễn đạt đã
biết; cách tính không khớp mẫu nào được chấm `awarded` trong phạm vi điểm tối đa và
được liệt kê để rà soát. Mọi tổng được kiểm tra và mọi chỗ không khớp được liệt kê kèm
dòng; không tự sửa gì. Mã thoát 1 khi có dòng cần rà soát hoặc tổng không khớp (tệp
vẫn được ghi), 2 khi không đọc được bảng.""",
    "rubric import -o": "Tệp dữ liệu Bộ chỉ số cần ghi (.toml).",
    "rubric import --id": "Mã Bộ chỉ số: tỉnh/cấp/năm, ví dụ mau/commune/2024.",
    "rubric import --decision": ('Số quyết định, ví dụ "3047/QĐ-UBND" (mặc định: đọc từ phần '
                                 "tiêu đề phía trên bảng)."),
    "rubric import --date": "Ngày quyết định (YYYY-MM-DD hoặc DD/MM/YYYY).",
    "rubric import --appendix": 'Phụ lục, ví dụ "Phụ lục 3".',
    "rubric import --issuer": 'Cơ quan ký, ví dụ "UBND tỉnh Mẫu".',
    "rubric import --title": "Tên Bộ chỉ số (mặc định: đọc từ phần tiêu đề).",
    "rubric import --url": "Địa chỉ công bố quyết định, nếu công khai.",
    "rubric import --scale": ("Tổng điểm của các chỉ số chính (mặc định: dòng tổng của bảng, nếu "
                              "không có thì tổng các chỉ số chính)."),
    "rubric import --column": ("Nêu một cột mà chữ trong tiêu đề không cho biết: KIND là code, "
                               "name, max, how, evidence, data_source hoặc appraiser; HEADER là "
                               "chữ trong tiêu đề cột, một chữ cái hoặc một số. Lặp lại được."),
    "rubric import --create-missing-parents": ("Tạo dòng chỉ số cha mà bảng thiếu (điểm tối đa "
                                               "bằng tổng các chỉ số con, đánh dấu là được tạo) "
                                               "thay vì dừng."),
    "rubric import --force": _FORCE_OUT,
    "rubric import --json": "In các phát hiện dạng JSON.",
    "rubric show": """Hiện cây chỉ số của một Bộ chỉ số: mã, tên, điểm tối đa,
cách chấm điểm và nguồn của mỗi dòng (đã xác nhận / suy ra / chưa rõ).

""" + _ID,
    "rubric show --json": ("Xuất toàn bộ Bộ chỉ số dạng dữ liệu thuần (định dạng tệp dữ liệu, "
                           "dạng JSON)."),
    "rubric show -v": ("Hiện thêm, cho mỗi chỉ số, cách tính điểm, tài liệu kiểm chứng yêu cầu "
                       "và cơ quan thẩm định."),
    "rubric validate": """Kiểm tra một tệp dữ liệu Bộ chỉ số (.toml hoặc .json) và liệt kê mọi lỗi kèm
vị trí (dòng, mã chỉ số, mức xếp loại). Mã thoát 1 khi có lỗi.

Định dạng tệp được mô tả trong docs/rubric-data.md.""",
    "rubric validate --json": "In các lỗi dạng JSON.",
    # ---- rubrics, schema
    "rubrics:short": "Liệt kê các Bộ chỉ số đã cài.",
    "rubrics": """Liệt kê các Bộ chỉ số đã cài: mã (tỉnh/cấp/năm), các năm áp dụng,
thang điểm (tổng điểm), tình trạng dữ liệu và quyết định ban hành.""",
    "rubrics --province": "Chỉ tỉnh có mã này (ví dụ hungyen).",
    "rubrics --tier": ("Chỉ cấp này: department [sở, ban, ngành], district [cấp huyện], "
                       "commune [cấp xã], …"),
    "rubrics --year": "Chỉ các Bộ chỉ số áp dụng cho năm đánh giá này.",
    "rubrics --json": "In danh sách dạng JSON.",
    "schema:short": "In JSON Schema của dữ liệu thuần của dtikit.",
    "schema": """In JSON Schema (draft 2020-12) của một kết quả tự đánh giá (mặc định), một Bộ
chỉ số, một phiếu điểm hoặc bảng kết quả, để ứng dụng kiểm tra dữ liệu của mình trước
khi gọi dtikit. Số thập phân là chuỗi; ngày theo ISO (YYYY-MM-DD).""",
    # ---- score
    "score:short": "Chấm điểm, xếp hạng, xếp loại một đợt đánh giá; ghi kết quả.",
    "score": """Chấm điểm, xếp hạng và xếp loại một đợt đánh giá: đọc các biểu tự đánh giá
(và kết quả thẩm định), tính điểm của mọi đơn vị, xếp hạng các đơn vị,
xếp loại từng đơn vị, ghi bảng kết quả công bố và in bản tóm tắt.

Các tệp FORM là biểu .xlsx (tạo bằng `dtikit template`) hoặc tệp JSON kết quả tự đánh
giá; một thư mục thay cho các tệp .xlsx và .json trong đó. Các đơn vị bị loại theo quy
định của Bộ chỉ số (nộp muộn, chưa thẩm định, chưa đủ) được liệt kê kèm lý do.

Các tệp kết quả (-o, --report, --json) được ghi trọn vẹn hoặc không ghi gì (một tệp
tạm trong cùng thư mục, rồi đổi tên); tệp đã có chỉ bị ghi đè khi có --force, và tệp
đầu vào của lần chạy thì không bao giờ.

Mã thoát 0 khi đã tính được kết quả; 1 khi có dòng đầu vào bị từ chối (được liệt kê);
2 khi không dùng được dữ liệu đầu vào.""",
    "score --appraisal": ("Một tệp thẩm định (lặp lại cho nhiều tệp): kết quả thẩm "
                          "định thay kết quả tự đánh giá của các đơn vị tệp nêu."),
    "score -o": "Ghi bảng kết quả công bố vào đây (.xlsx hoặc .json).",
    "score --report": ("Ghi thêm trang báo cáo vào đây (một tệp .html độc lập; với -o "
                       ".xlsx, bảng đã ghi được đọc lại và kiểm tra trong báo cáo)."),
    "score --previous": ("Kết quả năm trước (.json ghi bằng --json) để hiện mức thay đổi của "
                         "từng đơn vị."),
    "score --lineage": ("Cùng --previous: bảng đơn vị (.csv hoặc .xlsx: old_unit,new_unit, …) "
                        "sáp nhập, chia tách hoặc đổi tên từ đó; mỗi đơn vị mới được so với "
                        "bình quân các đơn vị cũ."),
    "score --index-map": ("Cùng --previous: so chỉ số chính MỚI với chỉ số CŨ của năm trước "
                          "(lặp lại được; nhiều CŨ vào một MỚI thì cộng lại). Các chỉ số cùng mã "
                          "vẫn tự khớp."),
    "score --json": "Ghi kết quả dạng JSON vào PATH ('-' in ra thay cho bản tóm tắt).",
    "score --tie-break": ("Phân định các tổng điểm bằng nhau bằng chỉ số chính này, cao hơn "
                          "trước (lặp lại được; chỉ khi quy định của Bộ chỉ số cho phép)."),
    "score --format": "Đọc và ghi bằng định dạng này (xem `dtikit plugins`).",
    "score --overrides": _OVERRIDES,
    "score --issuer": _ISSUER,
    "score --decision": _DECISION,
    "score --place": _PLACE,
    "score --date": _DOC_DATE,
    "score --year": _YEAR,
    "score --period": _PERIOD,
    "score --force": "Ghi đè các tệp kết quả đã có (không bao giờ ghi đè tệp đầu vào).",
    # ---- template
    "template:short": "Ghi biểu tự đánh giá để trống.",
    "template": """Ghi biểu tự đánh giá để trống của một Bộ chỉ số:
mọi chỉ số với mã, tên, điểm tối đa và cách chấm, cùng các ô cho kết quả, tài liệu kiểm
chứng và giải trình.""",
    "template -o": "Nơi ghi biểu (.xlsx; .json ghi khung JSON cho ứng dụng).",
    "template --unit": "Tên đơn vị, ghi vào biểu.",
    "template --format": "Dùng định dạng tệp này (xem `dtikit plugins`).",
    "template --force": _FORCE_OUT,
    "template --password": ("Bảo vệ các trang tính của biểu bằng mật khẩu này (mặc định: bảo vệ "
                            "không mật khẩu; chỉ các ô nhập được thay đổi)."),
    "template --issuer": _ISSUER,
    "template --decision": _DECISION,
    "template --place": _PLACE,
    "template --date": _DOC_DATE,
    "template --year": _YEAR,
    "template --period": _PERIOD,
}
"""The Vietnamese of every command's and option's help, by its place."""


def help_places(command: click.Command, path: tuple[str, ...] = ()
                ) -> Iterator[tuple[str, Any, str]]:
    """(place, object, attribute) of every help text under ``command``: its ``help``,
    its ``short_help`` when it has one, and each option's ``help``."""
    key = " ".join(path)
    yield key, command, "help"
    if command.short_help:
        yield f"{key}:short", command, "short_help"
    for param in command.params:
        if isinstance(param, click.Option) and param.help:
            yield f"{key} {param.opts[0]}".strip(), param, "help"
    if isinstance(command, click.Group):
        for name in sorted(command.commands):
            yield from help_places(command.commands[name], (*path, name))


@contextmanager
def help_texts(command: click.Command) -> Iterator[None]:
    """Inside the block, ``command``'s help (and its commands' and options') in the
    chosen language; then the English back."""
    if current_lang() == "en":
        yield
        return
    saved = [(obj, attr, getattr(obj, attr)) for key, obj, attr in help_places(command)
             if key in HELP_VI]
    for key, obj, attr in help_places(command):
        if key in HELP_VI:
            setattr(obj, attr, HELP_VI[key])
    try:
        yield
    finally:
        for obj, attr, text in saved:
            setattr(obj, attr, text)
