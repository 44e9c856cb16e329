"""Language tables of the relation reader (:mod:`plangraph.ingest.understand.relations`): the wordings by which a
document says that one legal text amends, repeals, replaces, corrects, guides, consolidates or carries out
another, and when a text enters into force or ceases to be in force. Data only, written as printed (lower case,
with diacritics); the reader folds them. Gathered from ``../shared/wild/`` and ``../shared/corpus/`` (README
lists how often each is read there).

Relation keys: ``amends``, ``repeals``, ``replaces``, ``corrects``, ``guides``, ``consolidates``, ``carries-out``.
"""

from __future__ import annotations

# Verbs said of the text that acts ("Bãi bỏ Quyết định số …", "Nghị định số 21/2024/NĐ-CP … sửa đổi, bổ sung
# một số điều của Nghị định số …"): wording → relation. The longest wording printed wins.
ACTIVE_VERBS: dict[str, str] = {
    "sửa đổi, bổ sung, bãi bỏ": "amends",
    "sửa đổi, bổ sung, thay thế": "amends",
    "sửa đổi, bổ sung": "amends",
    "sửa đổi bổ sung": "amends",
    "sửa đổi": "amends",
    "bổ sung": "amends",
    "điều chỉnh, bổ sung": "amends",
    "bãi bỏ": "repeals",
    "bãi bỏ toàn bộ": "repeals",
    "bãi bỏ một phần": "repeals",
    "hủy bỏ": "repeals",
    "huỷ bỏ": "repeals",
    "thay thế": "replaces",
    "đính chính": "corrects",
    "quy định chi tiết và hướng dẫn thi hành": "guides",
    "quy định chi tiết và hướng dẫn": "guides",
    "quy định chi tiết thi hành": "guides",
    "quy định chi tiết": "guides",
    "hướng dẫn thi hành": "guides",
    "hướng dẫn chi tiết": "guides",
    "hướng dẫn thực hiện": "guides",
    "hướng dẫn": "guides",
    "biện pháp thi hành": "guides",
    "được hợp nhất từ": "consolidates",
    "triển khai thực hiện": "carries-out",
    "triển khai thi hành": "carries-out",
    "tổ chức thực hiện": "carries-out",
    "tổ chức triển khai": "carries-out",
    "thực hiện": "carries-out",
    "triển khai": "carries-out",
    "thi hành": "carries-out",
    "cụ thể hóa": "carries-out",
    "cụ thể hoá": "carries-out",
}

# Passive wordings: the text acted on comes first, the one that acts after the agent word ("Luật … số 64/2025/QH15
# được sửa đổi, bổ sung bởi Luật số 87/2025/QH15"). Verb → relation; markers and agent words around it.
PASSIVE_VERBS: dict[str, str] = {
    "sửa đổi, bổ sung": "amends",
    "sửa đổi, bổ sung, bãi bỏ": "amends",
    "sửa đổi": "amends",
    "bổ sung": "amends",
    "bãi bỏ": "repeals",
    "thay thế": "replaces",
    "đính chính": "corrects",
    "hướng dẫn": "guides",
    "quy định chi tiết": "guides",
}
PASSIVE_MARKERS: tuple[str, ...] = ("được", "bị", "đã được", "đã bị")
# Words the passive verb may carry before the agent word ("được sửa đổi, bổ sung một số điều theo …").
PASSIVE_OBJECTS: tuple[str, ...] = ("một số điều", "một số điều, khoản", "một số nội dung")
AGENT_WORDS: tuple[str, ...] = ("bởi", "tại", "theo", "bằng", "theo quy định tại")

# Words right before a verb that make it no act of the text: negated ("Văn bản hợp nhất này không thay thế …") or
# only proposed ("đề nghị bãi bỏ …", "trình sửa đổi …").
NOT_DONE: tuple[str, ...] = ("không", "chưa", "đề nghị", "kiến nghị", "dự thảo", "trình", "xem xét", "nghiên cứu")

# Entry into force: "<X> này có hiệu lực (thi hành) (kể) từ ngày <date | ký | …>".
IN_FORCE: tuple[str, ...] = ("có hiệu lực thi hành", "có hiệu lực")
# "hết hiệu lực (kể) từ ngày …" of the texts named before it.
NO_LONGER_IN_FORCE: tuple[str, ...] = ("hết hiệu lực thi hành", "hết hiệu lực toàn bộ", "hết hiệu lực một phần",
                                        "hết hiệu lực")
FROM_DAY: tuple[str, ...] = ("kể từ ngày", "từ ngày")
# Days named by what happens on them, which is the document's own date: its signing or its adoption.
SIGNING_DAYS: tuple[str, ...] = ("ký ban hành", "ký", "ban hành", "được thông qua", "thông qua")

# Words between a relation verb and the text acted on that say only part of it is acted on.
PARTIAL_WORDS: tuple[str, ...] = (
    "một số", "một phần", "các quy định", "quy định tại", "nội dung", "phụ lục", "cụm từ", "mẫu", "biểu",
    "danh mục", "số thứ tự",
)
# Words right after a verb, before quoted words, that make a repeal or a replacement a change of wording (an
# amendment): "Bãi bỏ cụm từ “…” tại Điều 1 Thông tư số …".
WORDING_CHANGES: tuple[str, ...] = ("cụm từ", "các cụm từ", "một số cụm từ", "từ", "các từ")

# Nouns of a text that carries another out, allowed between "ban hành"/"phê duyệt" and the verb ("Ban hành Kế hoạch
# triển khai thực hiện Nghị quyết …", "Chương trình hành động của Chính phủ thực hiện Chỉ thị …").
PLAN_NOUNS: tuple[str, ...] = ("kế hoạch hành động", "chương trình hành động", "kế hoạch", "chương trình", "đề án")
ISSUING_VERBS: tuple[str, ...] = ("ban hành kèm theo", "ban hành", "phê duyệt", "cập nhật, bổ sung")
# Words that open a sentence whose subject is the document itself ("Để triển khai thực hiện …, Ủy ban nhân dân
# tỉnh ban hành Kế hoạch …"), or that a title opens with ("Về việc bãi bỏ …").
OPENERS: tuple[str, ...] = ("về việc", "về", "để", "nhằm", "để tiếp tục")

# Words that may stand between a verb of carrying out and the text carried out ("Triển khai thực hiện kịp thời, đồng
# bộ, hiệu quả Kế hoạch số …").
CARRY_OUT_ADVERBS: tuple[str, ...] = (
    "kịp thời", "đồng bộ", "hiệu quả", "có hiệu quả", "nghiêm túc", "đầy đủ", "thống nhất", "tốt", "quyết liệt",
    "sâu rộng", "thắng lợi", "toàn diện", "các", "việc", "nội dung", "một số nội dung của", "nhiệm vụ",
)

# What a passage introducing a list says: the relation applies to each text listed after it ("Bãi bỏ các
# Quyết định sau:", "Văn bản này được hợp nhất từ 04 Thông tư sau:").
LIST_ENDINGS: tuple[str, ...] = ("sau đây", "sau", "dưới đây")

# Words a listed text may open with ("a) Quyết định số …", "- Toàn bộ Thông tư số …").
ITEM_OPENERS: tuple[str, ...] = ("các", "toàn bộ", "một phần")
