"""Every object starts with a header: a reference count and a type."""
import sys

# An int is an object. Its header: ob_refcnt counts the references to it,
# ob_type points to its class.
x = 5000

# A second name is one more reference: watch ob_refcnt go up by one.
y = x

# sys.getrefcount counts them too (plus one: its own argument).
sys.getrefcount(x)

# A float has the same header, then its value: 8 bytes of double.
f = 3.5

# A list is a container: the garbage collector's links sit in a pre-header,
# before the object's address (F4 shows them one by one).
items = [x, f]

# Each item is a pointer to an object, not the object itself.
items[0] is x

# del removes a name, not the object: the int lives on, referred to by x and
# items[0] (and by objscope, as the note on ob_refcnt says).
del y; x
