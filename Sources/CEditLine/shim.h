#ifndef SCALELAB_CEDITLINE_SHIM_H
#define SCALELAB_CEDITLINE_SHIM_H
#include <histedit.h>
#endif
