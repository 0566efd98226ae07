/* Every API handler, for the route table. */
#ifndef RUCHE_API_HANDLERS_H
#define RUCHE_API_HANDLERS_H
#include "http/req.h"
#include "lib/embedded.h"

int api_me(struct req *r);
int api_people_list(struct req *r);
int api_person_get(struct req *r);
int api_person_patch(struct req *r);
int api_openapi(struct req *r);

#endif
