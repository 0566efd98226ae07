/* Every HTML page handler, for the route table. */
#ifndef RUCHE_PAGES_H
#define RUCHE_PAGES_H
#include "http/req.h"

int web_home(struct req *r);
int web_login_page(struct req *r);
int web_login(struct req *r);
int web_logout(struct req *r);
int web_set_language(struct req *r);
int web_password_page(struct req *r);
int web_password_change(struct req *r);
int web_invite_page(struct req *r);
int web_invite_accept(struct req *r);
int web_directory(struct req *r);
int web_org_chart(struct req *r);
int web_profile(struct req *r);
int web_profile_edit_page(struct req *r);
int web_profile_edit(struct req *r);
int web_photo(struct req *r);
int web_photo_upload(struct req *r);
int web_photo_delete(struct req *r);
int web_account_update(struct req *r);
int web_invitations(struct req *r);
int web_invite_create(struct req *r);
int web_invite_revoke(struct req *r);
int web_healthz(struct req *r);
int web_metrics(struct req *r);

/* A person in a list: photo, name, title and department. */
void web_person_card(struct req *r, const struct person *p);

#endif
