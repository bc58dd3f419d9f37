"""Aliasing: names are references, and two names can share one object."""

# objscope: refs
# a names a new list. The picture shows names on the left, objects as boxes.
a = [1, 2, 3]

# b = a copies nothing: b is a second arrow to the same list.
b = a

# A change through b is a change to the one list: a sees it too.
b.append(4)

# "is" asks: the same object? "==" asks: equal values?
a is b, a == b

# list(a) makes a new list, whose items are the same int objects.
c = list(a)

# Now a change to c leaves a alone.
c.append(5)

# Small ints are cached: every 1 in the program is this one object.
one = 1

# A parameter is one more name for the caller's object.
def add_zero(numbers):
    numbers.append(0)

# So the function changes the caller's list.
add_zero(a)

# A name can be pointed at something else: the list stays while b holds it.
a = "hello"
