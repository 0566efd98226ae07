/* lib/text, lib/html and lib/crypto: the helpers every input goes through. */
#include "unit.h"

#include "lib/crypto.h"
#include "lib/html.h"
#include "lib/text.h"

static void folds_accents_and_case(void **state) {
    struct arena a = {0};
    assert_string_equal(text_fold(&a, "Été à l'Hôtel"), "ete a l'hotel");
    assert_string_equal(text_fold(&a, "Œuvre Straße ĞÇ"), "oeuvre strasse gc");
    assert_string_equal(text_fold(&a, "Łódź Ærø"), "lodz aero");
    assert_string_equal(text_fold(&a, "日本"), "日本"); /* non-Latin kept */
    assert_string_equal(text_fold(&a, "\xff\xfe"
                                      "abc"),
                        "abc"); /* invalid bytes dropped */
    arena_free(&a);
}

static void validates_utf8_and_controls(void **state) {
    assert_true(text_valid("Hélène", 0));
    assert_false(text_valid("a\x01b", 0));
    assert_false(text_valid("line\nbreak", 0));
    assert_true(text_valid("line\nbreak", 1));
    assert_false(text_valid("\xc3\x28", 1));     /* bad continuation */
    assert_false(text_valid("\xe0\x80\xaf", 1)); /* overlong */
    assert_false(text_valid("\xed\xa0\x80", 1)); /* surrogate */
    assert_int_equal(text_chars("été"), 3);
}

static void checks_emails_and_handles(void **state) {
    assert_true(text_is_email("a.b@example.com"));
    assert_false(text_is_email("a@b"));
    assert_false(text_is_email("a b@example.com"));
    assert_false(text_is_email("a@@example.com"));
    assert_false(text_is_email("<a>@example.com"));
    assert_true(text_is_email("o'brien+tag@mail.example-corp.co.uk"));
    assert_true(text_is_email("x@a.b"));
    assert_false(text_is_email("\"<script>\"@x.y")); /* quoted local part */
    assert_false(text_is_email("\"a b\"@example.com"));
    assert_false(text_is_email("a<b@example.com"));
    assert_false(text_is_email("a(b)@example.com")); /* comments */
    assert_false(text_is_email("a\tb@example.com"));
    assert_false(text_is_email(".a@example.com"));
    assert_false(text_is_email("a.@example.com"));
    assert_false(text_is_email("a..b@example.com"));
    assert_false(text_is_email("\xc3\xa9@example.com")); /* non-ASCII */
    assert_false(text_is_email("a@-x.example"));
    assert_false(text_is_email("a@x-.example"));
    assert_false(text_is_email("a@x..example"));
    assert_false(text_is_email("a@example."));
    assert_false(text_is_email("a@.example.com"));
    assert_false(text_is_email("a@exa_mple.com"));
    assert_false(text_is_email("a@[127.0.0.1]"));
    assert_false(text_is_email("a@127.0.0.1"));
    assert_false(text_is_email("a@example.com>"));
    char big[80];
    memset(big, 'a', 65);
    strcpy(big + 65, "@x.yz");
    assert_false(text_is_email(big)); /* local part over 64 */
    big[0] = 'a';
    big[1] = '@';
    memset(big + 2, 'b', 64);
    strcpy(big + 66, ".example");
    assert_false(text_is_email(big)); /* domain label over 63 */
    big[65] = 0;
    strcat(big, ".example");
    assert_true(text_is_email(big)); /* 63 is fine */
    assert_true(text_is_handle("jean-luc.picard_2"));
    assert_false(text_is_handle("-x"));
    assert_false(text_is_handle("UPPER"));
    assert_false(text_is_handle("a"));
    struct arena a = {0};
    assert_string_equal(text_handle_from_email(&a, "Élise.Noël+tag@example.com"), "elise.noel");
    assert_string_equal(text_handle_from_email(&a, "__@example.com"), "user");
    arena_free(&a);
}

static void html_writer_escapes_every_argument(void **state) {
    struct buf b = {0};
    html_printf(&b, "<p title=\"%s\">%s %d %lld %zu %%</p>", "\"><script>", "<b>&'", -3, 1234567890123LL, (size_t)7);
    assert_string_equal(b.data, "<p title=\"&quot;&gt;&lt;script&gt;\">&lt;b&gt;&amp;&#39; -3 1234567890123 7 %</p>");
    buf_reset(&b);
    const char *volatile missing = NULL; /* NULL prints nothing */
    html_printf(&b, "[%s]", missing);
    assert_string_equal(b.data, "[]");
    buf_free(&b);
    assert_string_equal(html_safe_url("javascript:alert(1)"), "#");
    assert_string_equal(html_safe_url("//evil.example/"), "#");
    assert_string_equal(html_safe_url("/people/x"), "/people/x");
    assert_string_equal(html_safe_url("HTTPS://example.com"), "HTTPS://example.com");
    struct arena a = {0};
    assert_string_equal(url_encode(&a, "a b&c/é"), "a%20b%26c%2F%C3%A9");
    arena_free(&a);
}

static void tokens_are_random_and_hashed(void **state) {
    char t1[TOKEN_CHARS + 1], t2[TOKEN_CHARS + 1], h[TOKEN_HASH_CHARS + 1];
    token_new(t1);
    token_new(t2);
    assert_int_equal(strlen(t1), TOKEN_CHARS);
    assert_string_not_equal(t1, t2);
    token_hash("abc", h);
    assert_string_equal(h, "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
    assert_true(secret_equal(t1, t1));
    assert_false(secret_equal(t1, t2));
    assert_false(secret_equal(t1, NULL));
    char *ph = password_hash("correct horse battery");
    assert_non_null(ph);
    assert_true(strncmp(ph, "$argon2id$", 10) == 0);
    assert_true(password_verify(ph, "correct horse battery"));
    assert_false(password_verify(ph, "wrong"));
    assert_false(password_verify("garbage", "wrong"));
    free(ph);
}

int main(void) {
    crypto_setup();
    crypto_set_fast_passwords(1);
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(folds_accents_and_case),       cmocka_unit_test(validates_utf8_and_controls),
        cmocka_unit_test(checks_emails_and_handles),    cmocka_unit_test(html_writer_escapes_every_argument),
        cmocka_unit_test(tokens_are_random_and_hashed),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
