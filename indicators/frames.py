"""Building frames quickly: text as object columns, built in one go.

pandas 3 turns text into Arrow-backed strings, and every later selection, merge or concatenation
then converts it again: a build made of many small frames spends most of its time there. Frames
inside the build keep text as plain objects (:func:`frame_of`); the final table gets its declared
types once (:func:`indicators.build._typed`).
"""

from __future__ import annotations

import numpy as np
import pandas as pd


def frame_of(columns: dict[str, object]) -> pd.DataFrame:
    """A frame built in one go from arrays (or scalars), with text as object columns.

    >>> frame_of({"code": np.array(["GM0001"], dtype=object), "value": np.array([1.5])}).dtypes.tolist()
    [dtype('O'), dtype('float64')]
    """
    size = next((len(values) for values in columns.values() if not np.isscalar(values) and values is not None), 0)
    index = pd.RangeIndex(size)
    data = {}
    for name, values in columns.items():
        array = np.full(size, values, dtype=object if isinstance(values, str) else None) if np.isscalar(values) else values
        array = np.asarray(array)
        data[name] = pd.Series(array, dtype=object, index=index) if array.dtype == object or array.dtype.kind == "U" else array
    return pd.DataFrame(data, index=index, columns=pd.Index(list(columns), dtype=object))

