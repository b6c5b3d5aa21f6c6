"""A small thread-safe memo: the last N answers, each computed once at a time.

The server answers requests on several threads. When many ask for the same
expensive thing at once (fifty browsers opening one report), the first
computes it and the others wait for its answer instead of computing it fifty
times over ("single flight"). Failures are not remembered: the next request
tries again. Keys must say everything the answer depends on (snapshot ids,
the curated events), so a remembered answer is never stale.
"""

from __future__ import annotations

import threading
from collections import OrderedDict
from collections.abc import Callable, Hashable
from typing import Generic, TypeVar

T = TypeVar("T")


class Memo(Generic[T]):
    def __init__(self, size: int) -> None:
        self._size = size
        self._values: OrderedDict[Hashable, T] = OrderedDict()
        self._flights: dict[Hashable, threading.Lock] = {}
        self._lock = threading.Lock()

    def get(self, key: Hashable, compute: Callable[[], T]) -> T:
        with self._lock:
            if key in self._values:
                self._values.move_to_end(key)
                return self._values[key]
            flight = self._flights.setdefault(key, threading.Lock())
        with flight:
            with self._lock:
                if key in self._values:  # computed by the thread we waited for
                    self._values.move_to_end(key)
                    return self._values[key]
            try:
                value = compute()
            except BaseException:
                with self._lock:
                    self._land(key, flight)
                raise
            with self._lock:
                self._values[key] = value
                while len(self._values) > self._size:
                    self._values.popitem(last=False)
                self._land(key, flight)
            return value

    def _land(self, key: Hashable, flight: threading.Lock) -> None:
        if self._flights.get(key) is flight:
            del self._flights[key]

    def __len__(self) -> int:
        with self._lock:
            return len(self._values)
