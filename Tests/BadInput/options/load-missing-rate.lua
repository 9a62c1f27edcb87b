-- expect: bad option 'rate' in load.constant (required)
load.constant()
