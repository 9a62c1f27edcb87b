-- expect: bad argument #1 to 'quantity' (cannot parse quantity " 1": quantities must match the regular expression '^([+-]?[0-9.]+)([eEinumkKMGTP]*[-+]?[0-9]*)$' (leading or trailing whitespace is not allowed))
units.quantity(" 1")
