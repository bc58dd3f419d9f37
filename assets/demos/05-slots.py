"""__slots__: attributes as fields of the object, not entries of a dict."""
import sys


# A plain class: each instance keeps its attributes in a dictionary
# (3.11 and later keep them in a values array until a dict is asked for).
class Point:
    def __init__(self, x, y):
        self.x = x
        self.y = y


# An instance of it.
p = Point(1, 2)

# __slots__ names the attributes: they become pointer fields of the object.
class SlotPoint:
    __slots__ = ("x", "y")

    def __init__(self, x, y):
        self.x = x
        self.y = y


# The same point, slotted: see the x and y fields in the diagram.
s = SlotPoint(1, 2)

# sys.getsizeof counts the object, not where p keeps its attributes (a dict,
# or a values array): on most versions the two look the same size.
sys.getsizeof(s), sys.getsizeof(p)


# So count every block: what 1000 new instances take, bytes each.
def bytes_each(cls):
    import tracemalloc
    tracemalloc.start()
    made = [cls(1, 2) for _ in range(1000)]
    taken = tracemalloc.get_traced_memory()[0] - sys.getsizeof(made)
    tracemalloc.stop()
    return round(taken / len(made))


# Counted in full, slotted is smaller: its attributes are the object's fields.
bytes_each(SlotPoint), bytes_each(Point)

# There is no __dict__ to add other names to.
hasattr(s, "__dict__"), hasattr(p, "__dict__")

# The slots are descriptors on the class: they find the field in the object.
SlotPoint.x
