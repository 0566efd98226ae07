/* How core reports a refusal: a code that maps onto an HTTP status, and a
 * message that is a translatable msgid (the caller translates it). */
#ifndef RUCHE_ERRORS_H
#define RUCHE_ERRORS_H

enum {
    ERR_NONE = 0,
    ERR_INVALID = 400,
    ERR_FORBIDDEN = 403,
    ERR_NOT_FOUND = 404,
    ERR_CONFLICT = 409,
    ERR_TOO_MANY = 429,
    ERR_INTERNAL = 500,
};

struct err {
    const char *msg;   /* English msgid, marked with N_() where it is written */
    const char *field; /* the input at fault, or NULL */
    int retry_after;   /* seconds, with ERR_TOO_MANY */
};

/* Sets e (if not NULL) and returns code. */
static inline int err_fail(struct err *e, int code, const char *field, const char *msg) {
    if (e) {
        e->msg = msg;
        e->field = field;
    }
    return code;
}

#endif
