"""The data schema, declared once: typed, strict models of the YAML records.

They follow the national procedure database (CSDL quốc gia về TTHC): the a–l content items,
submission channels with their own time and fees, dossier case groups, legal basis.
Unknown keys are rejected (``extra="forbid"``), every field is described, and the same
models export the JSON Schema in ``data/schema/`` and the field table in ``data/README.md``.
"""

from __future__ import annotations

import datetime as dt
from typing import Annotated, ClassVar, Literal

from pydantic import AfterValidator, BaseModel, BeforeValidator, ConfigDict, Field, model_validator
from pydantic_core import PydanticCustomError

# ASCII digits only: "\d" would also take look-alike digits of other scripts (١٢٣, １２３).
NATIONAL_CODE = r"^[0-9]\.[0-9]{6}$"
PROVISIONAL_CODE = r"^tam-[a-z0-9]+(-[a-z0-9]+)*$"
PROCEDURE_CODE = f"({NATIONAL_CODE})|({PROVISIONAL_CODE})"
SLUG = r"^[a-z0-9]+(-[a-z0-9]+)*$"
# A phone number as Vietnamese print it: "0273.3993889", "0277 3898989", "1900 1234".
PHONE = r"^[0-9][0-9 .]{6,14}[0-9]$"


def _not_blank(value: str) -> str:
    if not value.strip():
        raise ValueError("không được để trống")
    return value


Text = Annotated[str, AfterValidator(_not_blank)]


def _whole_number(value: object) -> object:
    # Strict: YAML reads 250.000 (how Vietnamese write two hundred and fifty thousand) as the
    # float 250.0, and pydantic would take it, or "250.000", or true, as a count; none is one.
    if isinstance(value, bool) or not isinstance(value, int):
        raise PydanticCustomError("whole_number", "not a whole number")
    return value


# A count, an amount in đồng, a number of days: a whole number written as digits only.
Count = Annotated[int, BeforeValidator(_whole_number)]
Code = Annotated[
    str,
    Field(
        pattern=PROCEDURE_CODE,
        description="Mã thủ tục: mã quốc gia dạng 1.011937, hoặc mã tạm dạng tam-<chu-thuong> "
        "khi thủ tục chưa có mã quốc gia.",
    ),
]
Slug = Annotated[str, Field(pattern=SLUG, description="Mã định danh ASCII chữ thường, nối bằng dấu gạch ngang.")]
# A reference to an id defined elsewhere (a field, a level, a legal document): any text here, so
# that a name written where its id is meant ("Cấp tỉnh", "133/2025/NĐ-CP") reaches the reference
# check, which knows the ids and their names and says which id was meant.
Ref = Annotated[str, AfterValidator(_not_blank)]
# A host with a dot: the placeholders editors copy from examples ("https://…") are not addresses.
URL = r"^https?://[A-Za-z0-9-]+(\.[A-Za-z0-9-]+)+(:[0-9]{1,5})?([/?#]\S*)?$"
Url = Annotated[str, Field(pattern=URL, description="Địa chỉ web công khai (http:// hoặc https://).")]
# The handbook's own address goes into every printed link, QR code, canonical link and the
# sitemap: plain ASCII, a host and a path, nothing that could end a link or start markup.
SITE_URL = r"^https?://[A-Za-z0-9.-]+(:[0-9]{1,5})?(/[A-Za-z0-9._~%/-]*)?$"
SiteUrl = Annotated[
    str,
    Field(
        pattern=SITE_URL,
        description="Địa chỉ web công khai của sổ tay: http(s)://tên-miền/đường-dẫn/, chỉ chữ ASCII.",
    ),
]


def _plausible_year(value: dt.date) -> dt.date:
    if not 1900 <= value.year <= 2100:
        raise ValueError(f"năm {value.year} không hợp lý ở đây; hãy kiểm tra lại ngày {value.isoformat()}")
    return value


def _edition_year(value: dt.date) -> dt.date:
    # The edition dates the zip's entries, whose format starts in 1980.
    if not 1980 <= value.year <= 2100:
        raise ValueError(f"năm {value.year} không hợp lý cho một ấn bản; hãy kiểm tra lại ngày {value.isoformat()}")
    return value


Date = Annotated[dt.date, AfterValidator(_plausible_year)]

TimeUnit = Literal["working_day", "calendar_day", "month"]
TransferType = Literal["phan-quyen", "phan-cap", "uy-quyen"]
TaskType = Literal["phan-quyen", "phan-cap", "uy-quyen", "phan-dinh"]
ChannelMethod = Literal["truc-tiep", "truc-tuyen", "buu-chinh"]


class Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True, str_strip_whitespace=True)


class Duration(Strict):
    value: Count = Field(ge=0, description='Số lượng (số nguyên), ví dụ 5 cho "05 ngày làm việc".')
    unit: TimeUnit = Field(
        "working_day",
        description="Đơn vị: working_day (ngày làm việc, mặc định theo quy định chung), "
        "calendar_day (ngày theo lịch) hoặc month (tháng).",
    )


class ProcessingTime(Duration):
    value: Count | None = Field(
        None, ge=0, description='Số ngày (số nguyên), ví dụ 15; bỏ trống khi văn bản "không quy định" thời hạn.'
    )
    not_specified: bool = Field(
        False, description='true khi văn bản ghi thời hạn giải quyết là "Không quy định" (khi đó không ghi value).'
    )
    counted_from: str | None = Field(None, description='Mốc tính thời hạn, ví dụ "ngày nhận đủ hồ sơ hợp lệ".')

    @model_validator(mode="after")
    def _value_or_not_specified(self) -> ProcessingTime:
        if (self.value is None) != self.not_specified:
            raise ValueError(
                'ghi thời hạn bằng value (số ngày), hoặc not_specified: true khi văn bản "không quy định"; '
                "không ghi cả hai"
            )
        return self


class SubDeadline(Duration):
    purpose: Text = Field(description='Việc phải làm trong thời hạn này, ví dụ "thông báo hồ sơ chưa đầy đủ".')


class Fee(Strict):
    kind: Literal["phi", "le-phi"] = Field(description="Loại: phi (phí) hoặc le-phi (lệ phí).")
    name: str | None = Field(None, description='Tên khoản thu, ví dụ "Phí thẩm định".')
    amount: Count | None = Field(
        None, ge=0, description="Số tiền, đơn vị đồng, chỉ ghi chữ số: 250000 cho 250.000 đồng (không ghi dấu chấm)."
    )
    note: str | None = Field(None, description="Ghi chú, hoặc cách tính khi không có số tiền cố định.")

    @model_validator(mode="after")
    def _amount_or_note(self) -> Fee:
        if self.amount is None and not self.note:
            raise ValueError("ghi số tiền (amount, đơn vị đồng) hoặc ghi chú cách tính (note)")
        return self


class Channel(Strict):
    method: ChannelMethod = Field(
        description="Hình thức nộp: truc-tiep (trực tiếp), truc-tuyen (trực tuyến), buu-chinh (dịch vụ bưu chính)."
    )
    time: ProcessingTime = Field(description="Thời hạn giải quyết qua hình thức này.")
    sub_deadlines: list[SubDeadline] = Field(
        default_factory=list, description="Các thời hạn con, ví dụ 05 ngày làm việc để thông báo hồ sơ chưa đầy đủ."
    )
    fees: list[Fee] = Field(
        default_factory=list, description="Phí, lệ phí phải nộp (khi có). Một trong ba: fees, no_fee hoặc fee_unknown."
    )
    no_fee: bool = Field(False, description="true khi văn bản quy định không thu phí, lệ phí cho hình thức này.")
    fee_unknown: str | None = Field(
        None,
        description="Khi chưa biết có thu phí, lệ phí hay không: ghi lý do, ví dụ "
        '"Trang nguồn không ghi phí, lệ phí". Trang sẽ hiện «Chưa có thông tin».',
    )
    note: str | None = Field(None, description="Mô tả thêm cho hình thức nộp này.")

    @model_validator(mode="after")
    def _fee_is_said(self) -> Channel:
        # "No fee" and "fee not known" must never look alike: each channel says which it is.
        said = [bool(self.fees), self.no_fee, self.fee_unknown is not None]
        if said.count(True) != 1:
            raise ValueError(
                "ghi phí, lệ phí theo đúng một cách: liệt kê ở fees, hoặc ghi no_fee: true (không thu), "
                "hoặc fee_unknown: <lý do chưa biết>"
            )
        return self


class Step(Strict):
    actor: Text = Field(description="Ai thực hiện bước này.")
    action: Text = Field(description="Việc phải làm.")
    time: Duration | None = Field(
        None,
        description="Thời gian của bước trong thời hạn giải quyết, nếu quy định. Thời hạn con (ví dụ thông báo "
        "bổ sung hồ sơ) ghi ở channels[].sub_deadlines, không ghi ở đây.",
    )


class Form(Strict):
    name: Text = Field(description='Tên/số hiệu mẫu, ví dụ "Mẫu số 06".')
    source: str | None = Field(None, description='Văn bản ban hành mẫu, ví dụ "Phụ lục I Nghị định 163/2024/NĐ-CP".')


class Document(Strict):
    name: Text = Field(description="Tên giấy tờ.")
    form: Form | None = Field(None, description="Mẫu đơn, tờ khai (nếu có).")
    originals: Count = Field(ge=0, description="Số bản chính.")
    copies: Count = Field(ge=0, description="Số bản sao.")
    note: str | None = Field(None, description="Ghi chú.")


class DossierCase(Strict):
    case: Text = Field(description='Tiêu đề nhóm hồ sơ, ví dụ "Hồ sơ gồm" hoặc "Hồ sơ gia hạn gồm".')
    documents: list[Document] = Field(min_length=1, description="Các giấy tờ của nhóm.")


class Dossier(Strict):
    sets: Count | None = Field(None, ge=1, description="Số bộ hồ sơ, ví dụ 1.")
    cases: list[DossierCase] = Field(min_length=1, description="Các nhóm hồ sơ theo trường hợp.")
    note: str | None = Field(None, description="Ghi chú chung về hồ sơ.")


class LegalRef(Strict):
    document: Ref = Field(description="Mã văn bản trong data/legal (tên tệp không có .yaml).")
    article: str | None = Field(None, description='Điều, khoản cụ thể, ví dụ "Điều 29".')


class Transfer(Strict):
    type: TransferType = Field(description="phan-quyen (phân quyền), phan-cap (phân cấp) hoặc uy-quyen (ủy quyền).")
    from_authority: Text = Field(description='Cơ quan chuyển giao thẩm quyền, ví dụ "Bộ Khoa học và Công nghệ".')
    basis: LegalRef = Field(description="Căn cứ chuyển giao (văn bản và điều).")


class Authority(Strict):
    competent: Text = Field(description="Cơ quan có thẩm quyền quyết định.")
    implementing: list[Text] = Field(min_length=1, description="Cơ quan thực hiện.")
    receiving: Text = Field(description="Địa chỉ/nơi tiếp nhận hồ sơ.")
    delegated: list[Text] = Field(default_factory=list, description="Cơ quan được ủy quyền (nếu có).")
    coordinating: list[Text] = Field(default_factory=list, description="Cơ quan phối hợp (nếu có).")


class Review(Strict):
    status: Literal["verified", "needs-review"] = Field(
        description="verified (đã rà soát với nguồn) hoặc needs-review (cần rà soát)."
    )
    date: Date = Field(description="Ngày rà soát gần nhất, dạng YYYY-MM-DD.")
    note: str | None = Field(None, description="Điều cần kiểm tra thêm; hiển thị trên trang.")


# --- guidance: what an official does, beyond the record (a "sổ tay nghiệp vụ" answers this) ------


class Duty(Strict):
    role: Text = Field(description="Ai (cơ quan, chức danh).")
    does: Text = Field(description="Làm gì.")


class WorkStep(Strict):
    action: Text = Field(description="Việc phải làm ở bước này.")
    actor: str | None = Field(None, description="Ai làm (nếu cần nói rõ).")
    forms: list[Text] = Field(default_factory=list, description="Biểu mẫu dùng ở bước này (tên, số hiệu mẫu).")
    basis: LegalRef | None = Field(None, description="Căn cứ: văn bản và điều, khoản.")


class Violation(Strict):
    violation: Text = Field(description="Hành vi vi phạm thường gặp.")
    handled_by: Text = Field(description="Ai có thẩm quyền xử lý, xử phạt.")
    basis: LegalRef | None = Field(None, description="Căn cứ xử lý: văn bản và điều, khoản.")


class Report(Strict):
    what: Text = Field(description="Báo cáo gì.")
    to: Text = Field(description="Gửi ai.")
    when: Text = Field(description="Khi nào, định kỳ ra sao.")
    basis: LegalRef | None = Field(None, description="Căn cứ: văn bản và điều, khoản.")


class Question(Strict):
    question: Text = Field(description="Câu cán bộ hay hỏi.")
    answer: Text = Field(description="Trả lời, có căn cứ.")


class TaskGuidance(Strict):
    """Hướng dẫn nghiệp vụ của một nhiệm vụ: mỗi phần không bắt buộc; phần để trống không hiện."""

    purpose: str | None = Field(None, description="Nhiệm vụ này để làm gì.")
    who: list[Duty] = Field(default_factory=list, description="Ai làm gì.")
    steps: list[WorkStep] = Field(default_factory=list, description="Các bước, theo thứ tự, với biểu mẫu và căn cứ.")
    checklist: list[Text] = Field(default_factory=list, description="Những điểm cần kiểm tra (mang theo khi kiểm tra).")
    violations: list[Violation] = Field(default_factory=list, description="Vi phạm thường gặp và ai xử lý.")
    coordination: list[Text] = Field(default_factory=list, description="Phối hợp với cơ quan nào, thế nào.")
    reporting: list[Report] = Field(default_factory=list, description="Báo cáo định kỳ: gì, gửi ai, khi nào.")
    mistakes: list[Text] = Field(default_factory=list, description="Sai sót thường gặp.")
    questions: list[Question] = Field(default_factory=list, description="Hỏi đáp.")
    sources: list[Url] = Field(min_length=1, description="Nguồn công khai của phần hướng dẫn (ít nhất một).")

    def bases(self) -> list[tuple[str, int, LegalRef]]:
        """Every legal basis the guidance cites: (part, position in it, reference)."""
        return [
            (part, index, item.basis)
            for part in ("steps", "violations", "reporting")
            for index, item in enumerate(getattr(self, part))
            if item.basis is not None
        ]


class ProcedureGuidance(Strict):
    """Hướng dẫn cho cán bộ giải quyết một thủ tục; phần để trống không hiện."""

    receiving_checks: list[Text] = Field(default_factory=list, description="Cán bộ tiếp nhận kiểm tra gì trong hồ sơ.")
    appraisal_checks: list[Text] = Field(default_factory=list, description="Cán bộ thẩm định kiểm tra gì.")
    return_reasons: list[Text] = Field(default_factory=list, description="Lý do hồ sơ hay bị trả lại.")
    desk_notes: list[Text] = Field(default_factory=list, description="Lưu ý cho Bộ phận Một cửa.")
    sources: list[Url] = Field(min_length=1, description="Nguồn công khai của phần hướng dẫn (ít nhất một).")


class Procedure(Strict):
    """Một thủ tục hành chính: tệp data/procedures/<mã>.yaml."""

    code: Code
    name: Text = Field(description="Tên thủ tục, như trong quyết định công bố.")
    field: Ref = Field(description="Lĩnh vực (mã trong data/fields.yaml); mỗi lĩnh vực là một chương.")
    level: Ref = Field(description="Cấp thực hiện (mã trong data/levels.yaml).")
    procedure_type: str | None = Field(None, description='Loại thủ tục, ví dụ "TTHC được luật giao quy định chi tiết".')
    decision: str | None = Field(None, description='Số quyết định công bố, ví dụ "1625/QĐ-BKHCN".')
    online_service: Literal["toan-trinh", "mot-phan"] | None = Field(
        None, description="Mức dịch vụ công trực tuyến: toan-trinh hoặc mot-phan; bỏ trống nếu không có."
    )
    authority: Authority = Field(description="Cơ quan có thẩm quyền, cơ quan thực hiện, nơi tiếp nhận.")
    transfer: Transfer | None = Field(None, description="Thẩm quyền được chuyển giao từ đâu (nếu có).")
    steps: list[Step] = Field(min_length=1, description="a) Trình tự thực hiện, theo thứ tự.")
    channels: list[Channel] = Field(min_length=1, description="b) Cách thức thực hiện, mỗi hình thức nộp một mục.")
    dossier: Dossier = Field(description="c) Thành phần, số lượng hồ sơ.")
    applicants: list[Text] = Field(min_length=1, description="đ) Đối tượng thực hiện.")
    results: list[Text] = Field(min_length=1, description="g) Kết quả thực hiện.")
    conditions: list[Text] = Field(default_factory=list, description="k) Yêu cầu, điều kiện; rỗng nếu không có.")
    legal_basis: list[LegalRef] = Field(min_length=1, description="l) Căn cứ pháp lý.")
    related: list[Code] = Field(default_factory=list, description="Thủ tục liên quan (mã).")
    keywords: list[Text] = Field(default_factory=list, description="Từ khóa tìm kiếm thêm.")
    sources: list[Url] = Field(min_length=1, description="Nguồn công khai đã dùng để lập hồ sơ này (ít nhất một).")
    review: Review = Field(description="Tình trạng rà soát: verified hoặc needs-review, ngày, ghi chú.")
    steps_note: str | None = Field(
        None,
        description="Giải thích khi thời gian các bước vượt thời hạn giải quyết, hoặc khi thủ tục cấp trung ương "
        "được tiếp nhận qua bộ phận một cửa cấp tỉnh; hiển thị dưới trình tự thực hiện.",
    )
    replaces: list[Code] = Field(
        default_factory=list,
        description="Mã cũ (mã tạm hoặc mã quốc gia trước đây) mà thủ tục này thay thế: địa chỉ trang cũ "
        "chuyển tới trang này.",
    )
    guidance: ProcedureGuidance | None = Field(
        None, description="Hướng dẫn cho cán bộ: kiểm tra khi tiếp nhận, khi thẩm định, lý do hay trả hồ sơ…"
    )

    def cited_documents(self) -> set[str]:
        """The legal documents the procedure rests on: its legal basis and its transfer basis."""
        cited = {ref.document for ref in self.legal_basis}
        if self.transfer:
            cited.add(self.transfer.basis.document)
        return cited


class Task(Strict):
    """Một nhiệm vụ, thẩm quyền được chuyển giao: tệp data/tasks/<id>.yaml."""

    id: Slug = Field(description="Mã nhiệm vụ, trùng tên tệp; dùng làm địa chỉ trang.")
    name: Text = Field(description="Nhiệm vụ được chuyển giao.")
    description: str | None = Field(None, description="Giải thích thêm cho cán bộ.")
    field: Ref = Field(description="Lĩnh vực (mã trong data/fields.yaml).")
    type: TaskType = Field(description="phan-quyen, phan-cap, uy-quyen hoặc phan-dinh (phân định thẩm quyền).")
    from_authority: Text = Field(description="Cơ quan trước đây có thẩm quyền.")
    to_level: Ref = Field(description="Cấp nhận nhiệm vụ (mã trong data/levels.yaml).")
    to_authority: Text = Field(description="Cơ quan nhận nhiệm vụ.")
    legal_basis: list[LegalRef] = Field(min_length=1, description="Căn cứ pháp lý.")
    related_procedures: list[Code] = Field(default_factory=list, description="Thủ tục liên quan (mã).")
    sources: list[Url] = Field(default_factory=list, description="Nguồn công khai.")
    review: Review = Field(description="Tình trạng rà soát: verified hoặc needs-review, ngày, ghi chú.")
    guidance: TaskGuidance | None = Field(
        None, description="Hướng dẫn nghiệp vụ: các bước, biểu mẫu, kiểm tra, báo cáo…"
    )


class LegalDocument(Strict):
    """Một văn bản quy phạm pháp luật: tệp data/legal/<id>.yaml."""

    id: Slug = Field(description="Mã văn bản, trùng tên tệp, ví dụ nd-133-2025; dùng làm mã neo.")
    number: Text = Field(description='Số ký hiệu, ví dụ "133/2025/NĐ-CP".')
    kind: Text = Field(description="Loại văn bản: Luật, Nghị định, Thông tư, Quyết định…")
    title: Text = Field(description="Trích yếu.")
    issuer: Text = Field(description="Cơ quan ban hành.")
    signed: Date = Field(description="Ngày ban hành, dạng YYYY-MM-DD.")
    effective_from: Date | None = Field(None, description="Ngày có hiệu lực.")
    effective_to: Date | None = Field(None, description="Ngày hết hiệu lực (nếu có).")
    note: str | None = Field(None, description="Ghi chú, ví dụ điều cần đối chiếu; hiển thị ở trang Căn cứ pháp lý.")
    sources: list[Url] = Field(default_factory=list, description="Nguồn công khai.")


class FieldOfWork(Strict):
    """Một lĩnh vực trong data/fields.yaml."""

    id: Slug = Field(description="Mã lĩnh vực; dùng làm địa chỉ trang chương.")
    name: Text = Field(description='Tên lĩnh vực, ví dụ "Tần số vô tuyến điện".')
    description: str | None = Field(None, description="Giới thiệu ngắn cho trang chương.")


class Fields(Strict):
    """data/fields.yaml: các lĩnh vực, mỗi lĩnh vực là một chương, theo thứ tự in."""

    fields: list[FieldOfWork] = Field(min_length=1, description="Danh sách lĩnh vực theo thứ tự chương.")


class Level(Strict):
    """Một cấp trong data/levels.yaml."""

    id: Slug = Field(description="Mã cấp, ví dụ tinh, xa; dùng làm địa chỉ trang.")
    name: Text = Field(description='Tên cấp, ví dụ "Cấp xã".')
    authority: Text = Field(description='Chính quyền cấp này, ví dụ "Ủy ban nhân dân cấp xã".')
    description: str | None = Field(None, description="Giới thiệu cho trang của cấp.")
    desk_reference: list[Slug] = Field(
        default_factory=list,
        description="Các cấp (mã) mà bản trích in của cấp này có bảng tra cứu nhanh thủ tục: nộp ở đâu, thời hạn, "
        "phí, cơ quan quyết định — để cán bộ cấp này trả lời người dân hỏi việc mình không giải quyết. Ví dụ [tinh].",
    )
    national: bool = Field(
        False,
        description="true cho cấp trung ương: thủ tục cấp này do bộ giải quyết, tỉnh không quy định thời hạn, "
        "phí riêng (tệp của tỉnh trong data/provinces/ không được ghi chúng).",
    )


class Province(Strict):
    """Một tỉnh, thành phố trực thuộc trung ương (34 đơn vị từ 12/6/2025) trong data/provinces.yaml."""

    id: Slug = Field(description="Mã tỉnh, chữ không dấu, ví dụ tuyen-quang; dùng cho ấn bản của tỉnh.")
    name: Text = Field(description='Tên, không kèm "tỉnh"/"thành phố", ví dụ "Tuyên Quang".')
    kind: Literal["tỉnh", "thành phố"] = Field(description='"tỉnh" hoặc "thành phố" (trực thuộc trung ương).')
    code: Annotated[str, Field(pattern=r"^[0-9]{2}$")] | None = Field(
        None, description='Mã đơn vị hành chính hai chữ số, ví dụ "08" (ghi trong dấu nháy).'
    )
    merged_from: list[Text] = Field(
        default_factory=list, description="Các tỉnh cũ hợp thành (để trống nếu không sắp xếp)."
    )
    sources: list[Url] = Field(min_length=1, description="Nguồn công khai (ít nhất một).")


class Provinces(Strict):
    """data/provinces.yaml (không bắt buộc): các tỉnh, thành phố, cho ấn bản từng tỉnh."""

    provinces: list[Province] = Field(min_length=1, description="Danh sách tỉnh, thành phố.")


class Levels(Strict):
    """data/levels.yaml: các cấp thực hiện."""

    levels: list[Level] = Field(min_length=1, description="Danh sách các cấp.")


class VocabularyTerm(Strict):
    """Một từ của sổ tay và những cách người dùng gọi nó (data/vocabulary.yaml)."""

    term: Text = Field(description='Từ, cụm từ sổ tay dùng, ví dụ "ủy ban nhân dân" hoặc "X-quang".')
    everyday: list[Text] = Field(
        min_length=1,
        description='Cách viết tắt, cách gọi thường ngày hoặc cách viết khác, ví dụ "UBND", "máy chụp", "xquang".',
    )


class Vocabulary(Strict):
    """data/vocabulary.yaml: từ người dùng hay gõ khi tìm, và từ sổ tay dùng cho cùng một điều (không bắt buộc)."""

    terms: list[VocabularyTerm] = Field(description="Danh sách; mỗi mục một từ của sổ tay.")


class OfficialFigure(Strict):
    """Một con số chính thức mà dữ liệu được so với (trang Thống kê), kèm điều nó đếm và nguồn."""

    label: Text = Field(description='Con số này đếm gì, ví dụ "Thủ tục hành chính công bố năm 2025 (4 quyết định)".')
    value: Count = Field(ge=0, description="Con số chính thức.")
    counts: Literal["procedures", "tasks"] = Field(description="Đếm thủ tục (procedures) hay nhiệm vụ (tasks).")
    types: list[TaskType] = Field(
        default_factory=list,
        description="Chỉ đếm bản ghi có hình thức chuyển giao này (phan-quyen, phan-cap, uy-quyen, phan-dinh); "
        "bỏ trống để đếm tất cả.",
    )
    basis: Slug | None = Field(
        None, description="Chỉ đếm bản ghi có căn cứ (hoặc căn cứ chuyển giao) là văn bản này (mã trong data/legal/)."
    )
    source: Url = Field(description="Nguồn công khai của con số.")
    note: str | None = Field(None, description="Giải thích thêm, hiển thị trên trang Thống kê.")


class MissingProcedure(Strict):
    """Một thủ tục đã biết là có nhưng chưa ghi vào sổ tay (trang Thống kê liệt kê)."""

    name: Text = Field(description="Tên thủ tục như nguồn ghi.")
    field: Slug | None = Field(None, description="Lĩnh vực (mã trong data/fields.yaml), nếu biết.")
    note: str | None = Field(None, description="Vì sao chưa ghi vào sổ tay (ví dụ: chỉ có trong dự thảo).")
    source: Url = Field(description="Nguồn công khai.")


class Retired(Strict):
    """Một thủ tục không còn áp dụng, bị bãi bỏ hoặc chuyển đi: tệp data/retired/<mã>.yaml.

    Địa chỉ trang cũ vẫn mở được và nói rõ việc đã chuyển đi đâu, từ khi nào.
    """

    code: Code
    name: Text = Field(description="Tên thủ tục như trước đây.")
    status: Literal["bai-bo", "chuyen-co-quan-khac", "hop-nhat"] = Field(
        description="bai-bo (bị bãi bỏ), chuyen-co-quan-khac (chuyển sang bộ, ngành khác quản lý) hoặc "
        "hop-nhat (gộp vào thủ tục khác)."
    )
    since: Date = Field(description="Từ ngày, dạng YYYY-MM-DD.")
    explanation: Text = Field(description="Một câu nói rõ việc này nay do ai giải quyết, theo văn bản nào.")
    replaced_by: list[Code] = Field(default_factory=list, description="Thủ tục trong sổ tay nay thay thế (mã).")
    legal_basis: list[LegalRef] = Field(default_factory=list, description="Văn bản bãi bỏ hoặc chuyển giao.")
    sources: list[Url] = Field(min_length=1, description="Nguồn công khai.")


class HandbookMeta(Strict):
    """data/handbook.yaml: thông tin chung của sổ tay."""

    title: Text = Field(description="Tên sổ tay.")
    subtitle: str | None = Field(None, description="Dòng phụ đề.")
    publisher: Text = Field(description="Cơ quan biên soạn.")
    edition: Annotated[dt.date, AfterValidator(_edition_year)] = Field(
        description="Ngày của ấn bản (dữ liệu), dạng YYYY-MM-DD."
    )
    site_url: SiteUrl | None = Field(
        None,
        description="Địa chỉ công khai thật của trang web sổ tay (mã QR, địa chỉ in trên giấy); "
        "bỏ trống khi chưa có: khi đó bản in không in mã QR và địa chỉ web.",
    )
    official_totals: list[OfficialFigure] = Field(
        default_factory=list, description="Số liệu chính thức để so mức độ đầy đủ của dữ liệu (trang Thống kê)."
    )
    known_missing: list[MissingProcedure] = Field(
        default_factory=list, description="Thủ tục đã biết là có nhưng chưa ghi vào sổ tay (trang Thống kê)."
    )
    previous_edition: Annotated[str, Field(pattern=r"^editions/[A-Za-z0-9._-]+\.json$")] | None = Field(
        None,
        description="Bản chụp dữ liệu của ấn bản trước, trong data/editions/ (ví dụ editions/2025-11-20.json): "
        "sổ tay so với nó để viết trang Những điểm mới.",
    )
    guide: list[Annotated[str, Field(pattern=r"^[a-z0-9-]+\.md$")]] = Field(
        default_factory=list,
        description="Các chương viết tay trong handbook/huong-dan/, theo thứ tự hiển thị.",
    )


# --- a province's edition: only what a province may set for itself ------------------------------

# Said when an overlay holds a field that is not one of these: the rest of a record is the
# national text, the same in every province, and is edited in data/procedures/.
LOCAL_ONLY = (
    "tệp của tỉnh chỉ được ghi những gì tỉnh tự quyết: nơi tiếp nhận hồ sơ (centres), quyết định công bố "
    "của tỉnh (announcements), và thời hạn hoặc phí, lệ phí của từng thủ tục kèm căn cứ của tỉnh (procedures); "
    "nội dung chung của thủ tục (hồ sơ, trình tự, căn cứ pháp lý…) sửa ở data/procedures/"
)


class LocalBasis(Strict):
    """Văn bản của tỉnh cho phép một giá trị khác quy định chung (ví dụ quyết định rút ngắn thời hạn)."""

    document: Text = Field(
        description='Số, ngày và cơ quan ban hành, ví dụ "Quyết định 1670/QĐ-UBND ngày 12/7/2022 của '
        'Ủy ban nhân dân tỉnh Thừa Thiên Huế".'
    )
    article: str | None = Field(None, description='Điều, khoản hoặc mục của phụ lục, ví dụ "Phụ lục I, mục 3".')
    source: Url = Field(description="Nơi đọc được văn bản (hoặc trang công bố của tỉnh).")


class ReceivingCentre(Strict):
    """Nơi tiếp nhận hồ sơ của tỉnh: tên, địa chỉ, điện thoại, cổng dịch vụ công."""

    name: Text = Field(description='Tên đầy đủ, ví dụ "Trung tâm Phục vụ hành chính công tỉnh Đồng Tháp".')
    address: Text = Field(description="Địa chỉ (số nhà, đường, xã/phường, tỉnh).")
    phone: Annotated[str, Field(pattern=PHONE)] | None = Field(
        None, description='Số điện thoại, chỉ chữ số, dấu chấm, dấu cách, ví dụ "0273.3993889".'
    )
    counter: str | None = Field(None, description='Quầy tiếp nhận hồ sơ khoa học và công nghệ, ví dụ "Quầy số 13".')
    portal: Url | None = Field(None, description="Cổng dịch vụ công của tỉnh (nộp trực tuyến).")
    sources: list[Url] = Field(min_length=1, description="Nguồn công khai của các thông tin trên.")
    status: Literal["verified", "needs-review"] = Field(
        "needs-review", description="verified (đã đối chiếu nguồn của tỉnh) hoặc needs-review (mặc định)."
    )


class Announcement(Strict):
    """Quyết định của Chủ tịch Ủy ban nhân dân tỉnh công bố danh mục thủ tục trên địa bàn tỉnh."""

    number: Text = Field(description='Số ký hiệu, ví dụ "1471/QĐ-UBND".')
    signed: Date = Field(description="Ngày ký, dạng YYYY-MM-DD.")
    title: Text = Field(description="Trích yếu.")
    source: Url = Field(description="Nguồn công khai.")


class LocalProcedure(Strict):
    """Thời hạn hoặc phí của một thủ tục mà tỉnh quy định khác quy định chung, kèm căn cứ."""

    code: Code
    time: ProcessingTime | None = Field(
        None, description="Thời hạn giải quyết của tỉnh (thay thời hạn chung ở mọi hình thức nộp)."
    )
    fees: list[Fee] | None = Field(
        None, description="Phí, lệ phí của tỉnh (thay phí, lệ phí chung ở mọi hình thức nộp), do HĐND tỉnh quyết định."
    )
    no_fee: bool = Field(
        False, description="true khi tỉnh quyết định không thu phí, lệ phí của thủ tục này (thay cho fees)."
    )
    basis: LocalBasis = Field(
        description="Căn cứ của tỉnh cho giá trị khác quy định chung. Thời hạn và phí có căn cứ khác nhau "
        "(quyết định của UBND, nghị quyết của HĐND): ghi hai mục cùng mã, một mục time, một mục fees."
    )
    status: Literal["verified", "needs-review"] = Field(
        "needs-review", description="verified (đã đối chiếu văn bản của tỉnh) hoặc needs-review (mặc định)."
    )
    note: str | None = Field(None, description="Ghi chú, hiển thị trên trang.")

    @model_validator(mode="after")
    def _changes_something(self) -> LocalProcedure:
        if self.time is None and self.fees is None and not self.no_fee:
            raise ValueError(
                "ghi thời hạn (time) hoặc phí, lệ phí (fees, hoặc no_fee: true) của tỉnh; không có gì thì bỏ mục này"
            )
        if self.fees is not None and not self.fees:
            raise ValueError("fees của tỉnh không được để trống: ghi từng khoản phí, lệ phí, hoặc no_fee: true")
        if self.fees and self.no_fee:
            raise ValueError("ghi fees (các khoản thu) hoặc no_fee: true (không thu), không ghi cả hai")
        if self.time is not None and self.time.not_specified:
            raise ValueError("tỉnh không bỏ được thời hạn giải quyết: ghi số ngày (value) ngắn hơn thời hạn chung")
        return self


class ProvinceOverlay(Strict):
    """data/provinces/<mã tỉnh>.yaml: những gì riêng của một tỉnh, cho ấn bản của tỉnh đó."""

    # What a field this file may not hold is told (messages.humanise).
    refusal: ClassVar[str] = LOCAL_ONLY
    national_fields: ClassVar[frozenset[str]] = frozenset()  # set below, once the record models exist

    province: Ref = Field(
        description="Mã tỉnh trong data/provinces.yaml (chữ không dấu, ví dụ dong-thap), trùng tên tệp."
    )
    centres: list[ReceivingCentre] = Field(
        default_factory=list, description="Nơi tiếp nhận hồ sơ cấp tỉnh (Trung tâm Phục vụ hành chính công…)."
    )
    announcements: list[Announcement] = Field(
        default_factory=list, description="Quyết định công bố thủ tục của tỉnh (lĩnh vực khoa học và công nghệ)."
    )
    procedures: list[LocalProcedure] = Field(
        default_factory=list, description="Thủ tục mà tỉnh quy định thời hạn hoặc phí khác quy định chung."
    )
    reviewed: Date = Field(description="Ngày rà soát tệp này lần cuối, dạng YYYY-MM-DD.")


# A field of the national record written in a province's file is refused as such, not taken for a
# misspelling of a field the file may hold ("legal_basis" is not "basis").
ProvinceOverlay.national_fields = frozenset(
    (*Procedure.model_fields, *Channel.model_fields, *Authority.model_fields, *Task.model_fields)
)

# Models of the record folders and top-level files, by the name ``load`` uses for them.
RECORD_MODELS: dict[str, type[Strict]] = {
    "procedures": Procedure,
    "tasks": Task,
    "legal": LegalDocument,
    "retired": Retired,
    "provinces": ProvinceOverlay,
}
TOP_LEVEL_MODELS: dict[str, type[Strict]] = {
    "handbook": HandbookMeta,
    "fields": Fields,
    "levels": Levels,
    "vocabulary": Vocabulary,
    "provinces": Provinces,
}
