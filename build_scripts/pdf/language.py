"""Vietnamese strings for rinohtype.

rinohtype 0.5.6 ships no Vietnamese. Registering a ``Language`` with code
``vi`` lets ``language = 'vi'`` in conf.py select it, so no English label
("Chapter", "Table", "Contents" ...) can reach the PDF. The module keeps a
strong reference: rinohtype's registry only holds weak references.
"""

from rinoh.language import Language

VI = Language(
    "vi",
    "Tiếng Việt",
    paragraph="Đoạn",
    section="Mục",
    chapter="Phần",
    figure="Hình",
    table="Bảng",
    listing="Mã nguồn",
    equation="Công thức",
    contents="Mục lục",
    list_of_figures="Danh mục hình",
    list_of_tables="Danh mục bảng",
    index="Chỉ mục",
    attention="Chú ý!",
    caution="Thận trọng!",
    danger="Nguy hiểm!",
    error="Lỗi",
    hint="Gợi ý",
    important="Quan trọng",
    note="Ghi chú",
    tip="Mẹo",
    warning="Cảnh báo",
    seealso="Xem thêm",
)
