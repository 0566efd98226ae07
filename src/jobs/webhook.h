/* The webhook job: sends one delivery of an outgoing webhook
 * (core/webhooks.h), signed per the Standard Webhooks specification.
 * Payload: {"delivery": id}. */
#ifndef RUCHE_WEBHOOK_JOB_H
#define RUCHE_WEBHOOK_JOB_H
#include <stddef.h>
#include <stdint.h>

#include "jobs/queue.h"

extern const struct job_kind webhook_job;

/* The webhook-signature value ("v1,<base64 HMAC-SHA256>") of
 * "<id>.<timestamp>.<body>" under a "whsec_..." secret, into out; 0, or -1
 * when the secret is not valid base64. */
int webhook_sign(const char *secret, const char *id, int64_t timestamp, const char *body, char *out, size_t size);

#endif
