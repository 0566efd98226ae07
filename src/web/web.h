/* Shared pieces of the HTML pages: the layout around every page, form
 * helpers and the error page. Pages write only through H(). */
#ifndef RUCHE_WEB_H
#define RUCHE_WEB_H
#include "http/req.h"
#include "lib/html.h"

#define H(r, ...) html_printf(&(r)->out, __VA_ARGS__)

/* Opens the document: head, header with navigation, <main>. title is
 * already translated. */
void page_begin(struct req *r, const char *title);
/* Closes <main>, writes the footer and the script tag; returns 200. */
int page_end(struct req *r);
/* <input type=hidden name=csrf>. */
void web_csrf_field(struct req *r);
/* A page's notice line after a redirect (?done=...), translated. */
void web_notice(struct req *r);
/* An error banner listing a form error (translated msgid). */
void web_form_error(struct req *r, const char *msg);
/* The HTML error page for status (detail is a msgid or NULL). */
void web_error_page(struct req *r, int status, const char *detail);
/* URL of a person's photo or of the placeholder avatar. */
const char *web_photo_url(struct req *r, const struct person *p);
/* A translated plural ("%d reports") with the number put in place of %d;
 * the count is substituted here, never through a translated format string. */
const char *web_count(struct req *r, const char *one, const char *many, long n);
/* <li><a href=...>label</a></li>, marked aria-current="page" when current
 * (markup only from format strings: an attribute passed as %s would be
 * escaped). */
void web_tab(struct req *r, const char *href, const char *label, int current);
/* Local path from a ?next= value, "/" if it is not a safe local path. */
const char *web_safe_next(const char *next);

#endif
