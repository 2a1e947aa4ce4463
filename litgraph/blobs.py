"""The bytes the corpus store (litgraph.store) keeps for a file's records, a graph and its metrics.

    data = dumps(obj)       # bytes: a magic of 4 bytes, then marshal's, or pickle's
    obj = loads(data)

marshal writes and reads dicts, lists, tuples, text and numbers in C, without pickle's memo of
every object, but no classes; so each kind of value is first laid out as marshal holds it:

  * records (a list of litgraph.model dataclasses, as a reader made them: a file's Documents) as
    nested tuples of their fields, by an encoder and a decoder written out once per class from
    its fields (pickle, even with a reducer per class, dispatches and memoises per object: 0.9 s
    of a 2,000-record WoS export's build, where this takes 0.6 s and reads back as fast);
  * a networkx MultiDiGraph as its __dict__ (as pickle keeps it; the edge dicts _succ and _pred
    share stay shared: marshal 4 writes an object met twice once);
  * a dict of metrics (dicts by node of numbers) as one list of keys for the dicts of the same
    keys, and a column of values each, written without marshal's references (version 2: numbers
    and text, nothing to share), a third of the time.

Anything else (an object of another class, a subclass of dict or str, a numpy number, a record
that two places hold) makes ValueError inside, and the whole value is pickled instead, with a
reducer per record class. marshal's format may change between Python versions: the store's code
version holds Python's, so a store is read only by the Python that wrote it.
"""
from __future__ import annotations

import io
import marshal
import pickle

RECORDS, GRAPH, DATA = b"LGr1", b"LGg1", b"LGd1"


class _Unfit(ValueError):
    """A value the layouts here do not hold exactly: pickled instead."""


def dumps(obj) -> bytes:
    try:
        if type(obj) is dict:
            return _dump_data(obj)
        if type(obj) is list and obj and type(obj[0]) in _codecs():
            return _dump_records(obj)
        graph = _dump_graph(obj)
        if graph is not None:
            return graph
    except ValueError:  # marshal's refusal, or _Unfit: pickled
        pass
    buf = io.BytesIO()
    pickler = pickle.Pickler(buf, protocol=pickle.HIGHEST_PROTOCOL)
    pickler.dispatch_table = _dispatch_table()
    pickler.dump(obj)
    return buf.getvalue()


def loads(data: bytes):
    head = data[:4]
    if head == RECORDS:
        name, items = marshal.loads(memoryview(data)[4:])
        return _codecs_by_name()[name].load_list(items)
    if head == GRAPH:
        return _load_graph(data)
    if head == DATA:
        return _load_data(data)
    return pickle.loads(data)


def _two(head: bytes, first, second) -> bytes:
    """head, then `first` by marshal 4 (its length first) and `second` by marshal 2."""
    a = marshal.dumps(first, 4)
    return b"".join((head, len(a).to_bytes(8, "little"), a, marshal.dumps(second, 2)))


def _split(data: bytes):
    view = memoryview(data)
    n = int.from_bytes(view[4:12], "little")
    return marshal.loads(view[12:12 + n]), marshal.loads(view[12 + n:])


# ---- records -------------------------------------------------------------------------------------------

class _Codec:
    """How one record class is laid out: encode(obj, keep) -> tuple, decode(tuple) -> obj."""

    def __init__(self, cls, encode, decode, simple: bool):
        self.cls, self.encode, self.decode, self.simple = cls, encode, decode, simple

    def load_list(self, items: list) -> list:
        if self.simple:
            from itertools import starmap

            return list(starmap(self.cls, items))
        return list(map(self.decode, items))


_CODECS: dict | None = None


def _codecs() -> dict:
    """A codec for each dataclass of litgraph.model that cls(*fields) rebuilds as it was (every
    field given to __init__ by position, no __post_init__, not frozen), and whose fields hold
    records only as list[Record] or Record | None (read from the type hints)."""
    global _CODECS
    if _CODECS is None:
        import dataclasses
        import typing

        from . import model

        candidates = {}
        for cls in vars(model).values():
            if not (isinstance(cls, type) and dataclasses.is_dataclass(cls) and cls.__module__ == model.__name__):
                continue
            fields = dataclasses.fields(cls)
            if not all(f.init and not f.kw_only for f in fields) or hasattr(cls, "__post_init__") \
                    or cls.__dataclass_params__.frozen:
                continue
            candidates[cls] = fields
        layout = {}
        for cls, fields in candidates.items():
            hints = typing.get_type_hints(cls)
            kinds = []
            for f in fields:
                kinds.append(_kind(hints[f.name], candidates))
            if all(k is not None for k in kinds):
                layout[cls] = [(f.name, k) for f, k in zip(fields, kinds)]
        # a class whose records may hold a class left out is left out too
        changed = True
        while changed:
            changed = False
            for cls, spec in list(layout.items()):
                if any(k[1] not in layout for _, k in spec if k[0] != "plain"):
                    del layout[cls]
                    changed = True
        _CODECS = _make_codecs(layout)
    return _CODECS


def _codecs_by_name() -> dict:
    return {c.cls.__qualname__: c for c in _codecs().values()}


def _kind(hint, records: dict):
    """("plain", None), ("list", Record), ("opt", Record); None: a record held some other way."""
    import typing

    def mentions(h) -> bool:
        return h in records or any(mentions(a) for a in typing.get_args(h))

    if not mentions(hint):
        return ("plain", None)
    if hint in records:
        return ("opt", hint)
    args = typing.get_args(hint)
    if typing.get_origin(hint) is list and len(args) == 1 and args[0] in records:
        return ("list", args[0])
    if type(None) in args and len(args) == 2:
        other = args[0] if args[1] is type(None) else args[1]
        if other in records:
            return ("opt", other)
    return None


def _make_codecs(layout: dict) -> dict:
    """Encoders and decoders written out per class (one tuple display each: a loop over the fields
    per object would cost what pickle does).

    The encoder checks each record's exact class, and that no record and no list of records
    within is held by anything but its one place (a record met twice would come back as two):
    by its reference count, against the count the same code sees for a record held once
    (_calibrate; a count above it, also from a reference held outside, costs only the pickling).
    The records given at the top, which a caller's lists may hold too, are checked by identity."""
    import sys
    from itertools import starmap

    names = {"_Unfit": _Unfit, "_starmap": starmap, "_rc": sys.getrefcount, "_OBJ": 0, "_LIST": 0}
    simple = {cls: all(k[0] == "plain" for _, k in spec) for cls, spec in layout.items()}
    index = {cls: i for i, cls in enumerate(layout)}
    src = ["def _unfit(v):\n    raise _Unfit(type(v).__name__)\n"]
    for cls, spec in layout.items():
        i = index[cls]
        names[f"C{i}"] = cls
        enc, dec, lists = [], [], []
        for pos, (name, (kind, rec)) in enumerate(spec):
            if kind == "plain":
                enc.append(f"o.{name}")
                continue
            j = index[rec]
            if kind == "list":
                lists.append(f"    v{pos} = o.{name}\n"
                             f"    if type(v{pos}) is not list or _rc(v{pos}) > _LIST:\n        _unfit(v{pos})\n")
                enc.append(f"[E{j}(x) for x in v{pos}] if v{pos} else []")  # most are empty: no comprehension
                dec.append(f"    if t[{pos}]:\n        o.{name} = " +
                           (f"list(_starmap(C{j}, t[{pos}]))\n" if simple[rec] else f"list(map(D{j}, t[{pos}]))\n"))
            else:
                enc.append(f"None if (v := o.{name}) is None else E{j}(v)")
                dec.append(f"    if t[{pos}] is not None:\n        o.{name} = " +
                           (f"C{j}(*t[{pos}])\n" if simple[rec] else f"D{j}(t[{pos}])\n"))
        body = "".join(lists) + f"    return ({', '.join(enc)},)\n"
        # E: a record within (its count checked); T: one given at the top
        src.append(f"def E{i}(o):\n    if type(o) is not C{i} or _rc(o) > _OBJ:\n        _unfit(o)\n" + body)
        src.append(f"def T{i}(o):\n    if type(o) is not C{i}:\n        _unfit(o)\n" + body)
        # D: made with the laid-out values where records go (an empty list stays as the one read),
        # then those put right: C(*t) is the cheapest call there is
        src.append(f"def D{i}(t):\n    o = C{i}(*t)\n" + "".join(dec) + "    return o\n")
    exec("\n".join(src), names)  # noqa: S102 - code made above from model's own field names
    _calibrate(layout, names, index)
    return {cls: _Codec(cls, names[f"T{index[cls]}"], names[f"D{index[cls]}"], simple[cls]) for cls in layout}


def _calibrate(layout: dict, names: dict, index: dict) -> None:
    """The reference counts the encoders see of a record and a list of records held once, found by
    encoding samples of every class (each record list holding one record) with the limits raised
    one at a time until they pass; limits of 0 (nothing ever passes: always pickled) if none does."""
    def sample(cls, depth=0):
        args = []
        for _, (kind, rec) in layout[cls]:
            if kind == "plain" or depth > 3:
                args.append([] if kind == "list" else None)
            elif kind == "list":
                args.append([sample(rec, depth + 1)])
            else:
                args.append(sample(rec, depth + 1))
        return cls(*args)

    def passes() -> bool:
        try:
            for cls in layout:
                names[f"T{index[cls]}"](sample(cls))
            return True
        except _Unfit:
            return False

    for limit in ("_OBJ", "_LIST"):
        names[limit] = 64  # the other one out of the way while this one is found
    for limit in ("_OBJ", "_LIST"):
        for n in range(1, 16):
            names[limit] = n
            if passes():
                break
        else:
            names["_OBJ"] = names["_LIST"] = 0
            return


def _dump_records(items: list) -> bytes:
    codec = _codecs()[type(items[0])]
    if len(set(map(id, items))) != len(items):
        raise _Unfit("a record given twice")
    return RECORDS + marshal.dumps((codec.cls.__qualname__, list(map(codec.encode, items))), 4)


# ---- a graph ---------------------------------------------------------------------------------------------



def _graph_state(g) -> dict | None:
    """A networkx MultiDiGraph's attributes as pickle keeps them (its __dict__), without the views
    networkx caches on it (made again when used) and with _adj as the _succ it is; None for
    anything else."""
    import functools
    import sys

    nx = sys.modules.get("networkx")  # no networkx loaded: not a graph
    if nx is None or type(g) is not nx.MultiDiGraph or getattr(g, "_adj", None) is not getattr(g, "_succ", None):
        return None
    cls = type(g)
    return {k: v for k, v in vars(g).items()
            if k != "_adj" and not isinstance(getattr(cls, k, None), functools.cached_property)}


def _dump_graph(g) -> bytes | None:
    state = _graph_state(g)
    return None if state is None else GRAPH + marshal.dumps(state, 4)


def _load_graph(data: bytes):
    import networkx as nx

    state = marshal.loads(memoryview(data)[4:])
    g = nx.MultiDiGraph.__new__(nx.MultiDiGraph)  # as pickle makes it: no __init__, its __dict__ given
    state["_adj"] = state["_succ"]
    g.__dict__.update(state)
    return g


_IMMUTABLE = frozenset({str, int, float, bool, type(None), bytes})


# ---- metrics: a dict of dicts by node --------------------------------------------------------------------

def _dump_data(d: dict) -> bytes:
    """Each dict of numbers (or text) in `d` as a key list, shared with the dicts of the same keys
    in the same order, and a column of its values."""
    keylists: list[list] = []
    head, columns = [], []
    for name, value in d.items():
        if type(value) is dict and len(value) > 16 and set(map(type, value.values())) <= _IMMUTABLE:
            keys = list(value)
            for i, known in enumerate(keylists):
                if known == keys:
                    break
            else:
                i = len(keylists)
                keylists.append(keys)
            head.append((name, i, None))
            columns.append(list(value.values()))
        else:
            head.append((name, None, value))
    return _two(DATA, (head, keylists), columns)


def _load_data(data: bytes) -> dict:
    (head, keylists), columns = _split(data)
    out = {}
    values = iter(columns)
    for name, i, value in head:
        out[name] = value if i is None else dict(zip(keylists[i], next(values)))
    return out


# ---- pickle, for anything else ----------------------------------------------------------------------------

_TABLE: dict | None = None


def _dispatch_table() -> dict:
    """How the records (litgraph.model's dataclasses) are pickled: as their class and a tuple of
    their fields, rebuilt by calling the class. A slotted dataclass pickles through Python-level
    __getstate__/__setstate__ that call fields() per object: 2 s of `build`'s store write at
    100,000 references, where this takes half of it and makes a third less data."""
    global _TABLE
    if _TABLE is None:
        import copyreg
        import dataclasses
        import operator

        from . import model

        table = copyreg.dispatch_table.copy()
        for cls in vars(model).values():
            if not (isinstance(cls, type) and dataclasses.is_dataclass(cls) and cls.__module__ == model.__name__):
                continue
            fields = dataclasses.fields(cls)
            if len(fields) < 2 or not all(f.init and not f.kw_only for f in fields) or hasattr(cls, "__post_init__"):
                continue  # rebuilt by cls(*values) only where that gives the same object
            table[cls] = _reducer(cls, operator.attrgetter(*[f.name for f in fields]))
        _TABLE = table
    return _TABLE


def _reducer(cls, get):
    return lambda obj: (cls, get(obj))
