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

# Per instance, slotted is smaller (the dict or values array is gone).
sys.getsizeof(s), sys.getsizeof(p)

# There is no __dict__ to add other names to.
hasattr(s, "__dict__"), hasattr(p, "__dict__")

# The slots are descriptors on the class: they find the field in the object.
SlotPoint.x
