import ScaleLabLua
print("scalelab")
