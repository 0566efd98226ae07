/* Pieces shared by the space pages. */
#ifndef RUCHE_WEB_SPACES_H
#define RUCHE_WEB_SPACES_H
#include "core/spaces.h"
#include "http/req.h"

/* The space named by path parameter 0 (its slug) as the reader may view
 * it, or NULL (then answer 404). */
const struct space *web_space_param(struct req *r);
/* Translated labels. */
const char *web_visibility_label(struct req *r, enum space_visibility v);
const char *web_role_label(struct req *r, enum space_role role);
/* URL of a space's picture, or of the placeholder. */
const char *web_space_picture(struct req *r, const struct space *s);
/* A space in a list: picture, name, visibility, members, description. */
void web_space_card(struct req *r, const struct space *s);
/* The space pages' header: picture, name, badges, breadcrumb, tabs. */
void web_space_header(struct req *r, const struct space *s, const char *tab);
/* The fields shared by the creation and settings forms. */
void web_space_fields(struct req *r, const char *name, const char *slug, const char *description, const char *visibility,
                      int secret);

#endif
