/* The mail job: sends one plain-text e-mail through the SMTP server of the
 * configuration (smtp_url, smtp_user, smtp_password, mail_from) with
 * libcurl. Payload: {"to": address, "subject": text, "body": text}. The
 * message carries RFC 5322 headers (From, To, Subject, Date, Message-ID)
 * and a UTF-8 text body. */
#ifndef RUCHE_MAIL_JOB_H
#define RUCHE_MAIL_JOB_H
#include <stddef.h>

#include "jobs/queue.h"

extern const struct job_kind mail_job;

/* Takes the SMTP settings (called by jobs_start; cfg must outlive the jobs). */
void mail_configure(const struct config *cfg);

/* Queues an e-mail (inside the caller's transaction, like job_enqueue).
 * Refuses a recipient or subject with CR/LF. 0, or -1. */
int mail_enqueue(struct db *db, const char *to, const char *subject, const char *body);

/* Writes the whole message (headers and CRLF body) into a malloc'd string;
 * NULL when an address or the subject carries a line break. */
char *mail_message(const char *from, const char *to, const char *subject, const char *body, long long now);

#endif
