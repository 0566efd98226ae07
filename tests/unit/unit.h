/* Common includes for the cmocka unit tests. */
#ifndef RUCHE_UNIT_H
#define RUCHE_UNIT_H
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <stdlib.h>
#include <string.h>
#endif
