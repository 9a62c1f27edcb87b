-- expect: bad argument #1 to 'quantity' (quantity must be finite, got inf)
units.quantity(math.huge)
