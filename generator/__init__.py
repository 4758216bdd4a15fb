"""chuongtrinh: drafts of provincial programmes implementing Kết luận số 93-KL/TW, laid out per HD 36."""

__version__ = "0.1.0"
