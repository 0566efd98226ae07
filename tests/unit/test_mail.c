/* jobs/mail: the message is RFC 5322 (CRLF lines, the headers a mail
 * server expects, a non-ASCII subject as an RFC 2047 encoded word), and a
 * line break in an address or the subject is refused, never sent. */
#include "unit.h"

#include <sodium.h>

#include "jobs/mail.h"

static void writes_the_headers_and_a_crlf_body(void **state) {
    char *m = mail_message("ruche@example.test", "bob@example.test", "Hello", "line one\nline two\n.\n", 0);
    assert_non_null(m);
    assert_non_null(strstr(m, "From: Ruche <ruche@example.test>\r\n"));
    assert_non_null(strstr(m, "To: <bob@example.test>\r\n"));
    assert_non_null(strstr(m, "Subject: Hello\r\n"));
    assert_non_null(strstr(m, "Date: Thu, 01 Jan 1970 00:00:00 +0000\r\n"));
    assert_non_null(strstr(m, "@example.test>\r\nMIME-Version: 1.0\r\n"));
    assert_non_null(strstr(m, "Message-ID: <"));
    assert_non_null(strstr(m, "Content-Type: text/plain; charset=UTF-8\r\n"));
    assert_non_null(strstr(m, "\r\n\r\nline one\r\nline two\r\n.\r\n"));
    for (const char *p = m; *p; p++)
        if (*p == '\n') assert_int_equal(p[-1], '\r'); /* no bare LF */
    free(m);
}

static void encodes_a_non_ascii_subject(void **state) {
    char *m = mail_message("ruche@example.test", "dan@example.test", "Réinitialiser", "x", 0);
    assert_non_null(m);
    assert_non_null(strstr(m, "Subject: =?UTF-8?B?UsOpaW5pdGlhbGlzZXI=?=\r\n"));
    free(m);
}

static void refuses_header_injection(void **state) {
    assert_null(mail_message("ruche@example.test", "bob@example.test\r\nBcc: eve@example.test", "Hi", "x", 0));
    assert_null(mail_message("ruche@example.test", "bob@example.test", "Hi\r\nBcc: eve@example.test", "x", 0));
    assert_null(mail_message("ruche@example.test", "bob@example.test>", "Hi", "x", 0));
    assert_null(mail_message("ruche\n@example.test", "bob@example.test", "Hi", "x", 0));
    assert_int_equal(mail_enqueue(NULL, "bob@example.test\n", "Hi", "x"), -1);
    assert_int_equal(mail_enqueue(NULL, "bob@example.test", "Hi\r", "x"), -1);
}

int main(void) {
    if (sodium_init() < 0) return 1;
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(writes_the_headers_and_a_crlf_body),
        cmocka_unit_test(encodes_a_non_ascii_subject),
        cmocka_unit_test(refuses_header_injection),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
