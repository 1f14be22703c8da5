"""The data layer: source_data/*.yaml -> one namespace of values with units and origins."""

from build_scripts.core.data.loader import (
    DataError,
    DataErrors,
    DataSet,
    load_data_text,
    load_data_texts,
    load_source_data,
    split_key,
)
from build_scripts.core.data.quantity import MISSING_MARKER, QUALIFIERS, QUANTITY_FIELDS, Quantity

__all__ = [
    "DataError",
    "DataErrors",
    "DataSet",
    "load_data_text",
    "load_data_texts",
    "load_source_data",
    "split_key",
    "MISSING_MARKER",
    "QUALIFIERS",
    "QUANTITY_FIELDS",
    "Quantity",
]
