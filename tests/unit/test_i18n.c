/* Unit tests of src/lib/i18n.c: lookups in the embedded locale files, plural
 * rules, the .po parser (via i18n_load) and Accept-Language negotiation. */
#include "unit.h"

#include "lib/i18n.h"

#include <stdio.h>
#include <stdlib.h>
#include <unistd.h>

static int setup(void **state) { return i18n_init(); }
static int teardown(void **state) {
    i18n_shutdown();
    return 0;
}

/* Loads `po` into LANG_FR; returns its result and leaves what it printed on
 * stderr in `err`. */
static int load_n(const char *po, size_t size, char *err, size_t errsize) {
    fflush(stderr);
    FILE *tmp = tmpfile();
    assert_non_null(tmp);
    int saved = dup(2);
    assert_true(saved >= 0);
    assert_true(dup2(fileno(tmp), 2) >= 0);
    int rc = i18n_load(LANG_FR, "test.po", po, size);
    fflush(stderr);
    dup2(saved, 2);
    close(saved);
    rewind(tmp);
    size_t n = fread(err, 1, errsize - 1, tmp);
    err[n] = '\0';
    fclose(tmp);
    return rc;
}

static int load_capture(const char *po, char *err, size_t errsize) { return load_n(po, strlen(po), err, errsize); }

static void test_lookup(void **state) {
    assert_string_equal(i18n_get(LANG_FR, "Sign in"), "Se connecter");
    assert_string_equal(i18n_get(LANG_EN, "Sign in"), "Sign in");
    const char *missing = "No such message";
    assert_ptr_equal(i18n_get(LANG_FR, missing), missing);
    assert_ptr_equal(i18n_get(LANG_EN, missing), missing);
    /* the header entry is not a translation */
    assert_string_equal(i18n_get(LANG_FR, ""), "");
    assert_null(i18n_get(LANG_FR, NULL));
    assert_ptr_equal(i18n_get(LANG__MAX, missing), missing);
    assert_ptr_equal(i18n_get((enum lang)-1, missing), missing);
}

static void test_plural(void **state) {
    /* a plural the UI uses (org chart), from the real locale files */
    const char *one = "%d report", *many = "%d reports";
    assert_string_equal(i18n_nget(LANG_FR, one, many, 0), "%d collaborateur direct");
    assert_string_equal(i18n_nget(LANG_FR, one, many, 1), "%d collaborateur direct");
    assert_string_equal(i18n_nget(LANG_FR, one, many, 2), "%d collaborateurs directs");
    assert_string_equal(i18n_nget(LANG_EN, one, many, 0), "%d reports");
    assert_string_equal(i18n_nget(LANG_EN, one, many, 1), "%d report");
    assert_string_equal(i18n_nget(LANG_EN, one, many, 42), "%d reports");
    /* fallback follows the English rule */
    assert_string_equal(i18n_nget(LANG_FR, "%d cat", "%d cats", 0), "%d cats");
    assert_string_equal(i18n_nget(LANG_FR, "%d cat", "%d cats", 1), "%d cat");
    /* the singular lookup of a plural entry gives msgstr[0] */
    assert_string_equal(i18n_get(LANG_FR, one), "%d collaborateur direct");
}

static void test_not_initialised(void **state) {
    i18n_shutdown();
    assert_string_equal(i18n_get(LANG_FR, "Sign in"), "Sign in");
    assert_string_equal(i18n_nget(LANG_FR, "%d report", "%d reports", 3), "%d reports");
    assert_int_equal(i18n_init(), 0);
    assert_int_equal(i18n_init(), 0); /* reloading is fine */
    assert_string_equal(i18n_get(LANG_FR, "Sign in"), "Se connecter");
}

static void test_parser(void **state) {
    char err[512];
    const char *po = "# comment\n"
                     "msgid \"\"\n"
                     "msgstr \"\"\n"
                     "\"Language: fr\\n\"\n"
                     "\"Plural-Forms: nplurals=2; plural=(n > 1);\\n\"\n"
                     "\r\n"
                     "#: src/web/x.c:1\n"
                     "#, c-format\n"
                     "msgid \"Multi\"\n"
                     "  \"line\"\n"
                     "msgstr \"\"\n"
                     "\"Plu\" \n"
                     "\"sieurs \\\"lignes\\\"\\n\\t\\\\\"\r\n"
                     "\n"
                     "#, fuzzy, c-format\n"
                     "msgid \"Fuzzy\"\n"
                     "msgstr \"Floue\"\n"
                     "\n"
                     "msgid \"Empty\"\n"
                     "msgstr \"\"\n"
                     "msgctxt \"menu\"\n"
                     "msgid \"Open\"\n"
                     "msgstr \"Ouvrir (menu)\"\n"
                     "msgid \"Open\"\n"
                     "msgstr \"Ouvrir\"\n"
                     "#~ msgid \"Old\"\n"
                     "#~ msgstr \"Ancien\"\n"
                     "msgid \"%d file\"\n"
                     "msgid_plural \"%d files\"\n"
                     "msgstr[0] \"%d fichier\"\n"
                     "msgstr[1] \"\"\n"
                     "msgstr[2] \"ignored third form\"";
    assert_int_equal(load_capture(po, err, sizeof err), 0);
    assert_string_equal(err, "");
    assert_string_equal(i18n_get(LANG_FR, "Multiline"), "Plusieurs \"lignes\"\n\t\\");
    assert_string_equal(i18n_get(LANG_FR, "Fuzzy"), "Fuzzy");
    assert_string_equal(i18n_get(LANG_FR, "Empty"), "Empty");
    assert_string_equal(i18n_get(LANG_FR, "Open"), "Ouvrir");
    assert_string_equal(i18n_get(LANG_FR, "menu\004Open"), "Ouvrir (menu)");
    assert_string_equal(i18n_get(LANG_FR, "Old"), "Old");
    assert_string_equal(i18n_nget(LANG_FR, "%d file", "%d files", 1), "%d fichier");
    assert_string_equal(i18n_nget(LANG_FR, "%d file", "%d files", 5), "%d files"); /* empty form */
    assert_string_equal(i18n_get(LANG_EN, "Sign in"), "Sign in"); /* other language untouched */

    /* many entries: the table grows */
    char *big = malloc(1 << 20), *w = big;
    for (int i = 0; i < 5000; i++) w += sprintf(w, "msgid \"key %d\"\nmsgstr \"valeur %d\"\n\n", i, i);
    assert_int_equal(load_capture(big, err, sizeof err), 0);
    free(big);
    char key[32], want[32];
    for (int i = 0; i < 5000; i += 37) {
        snprintf(key, sizeof key, "key %d", i);
        snprintf(want, sizeof want, "valeur %d", i);
        assert_string_equal(i18n_get(LANG_FR, key), want);
    }
    assert_int_equal(load_capture("", err, sizeof err), 0);
    assert_string_equal(i18n_get(LANG_FR, "key 0"), "key 0");
}

static void test_parser_errors(void **state) {
    static const struct {
        const char *po, *message;
    } cases[] = {
        {"msgid \"a\"\nmsgstr \"b\"\n\nmsgid \"c\"\n", "test.po:4: msgid without msgstr\n"},
        {"msgid \"a\"\nmsgid \"b\"\nmsgstr \"c\"\n", "test.po:1: msgid without msgstr\n"},
        {"msgid \"a\"\nmsgstr \"b\n", "test.po:2: unterminated string\n"},
        {"msgid \"a\"\nmsgstr \"b\\q\"\n", "test.po:2: unknown escape \\q\n"},
        {"msgid \"a\"\nmsgstr \"b\" x\n", "test.po:2: unexpected text after the string\n"},
        {"msgid \"a\"\nmsgstr b\n", "test.po:2: expected a quoted string\n"},
        {"\"a\"\n", "test.po:1: string without a keyword\n"},
        {"msgid \"a\"\nmsgstr \"b\"\n# c\n\"d\"\n", "test.po:4: string without a keyword\n"},
        {"msgstr \"a\"\n", "test.po:1: msgstr without msgid\n"},
        {"msgid \"a\"\nmsgtxt \"b\"\n", "test.po:2: unknown keyword \"msgtxt\"\n"},
        {"msgid \"a\"\n123\n", "test.po:2: unknown keyword \"123\"\n"},
        {"msgid \"a\"\nmsgstr[0] \"b\"\n", "test.po:2: msgstr[N] needs msgid_plural\n"},
        {"msgid \"a\"\nmsgid_plural \"as\"\nmsgstr \"b\"\n", "test.po:3: msgid_plural needs msgstr[N]\n"},
        {"msgid \"a\"\nmsgid_plural \"as\"\nmsgstr[x] \"b\"\n", "test.po:3: bad msgstr index\n"},
        {"msgid \"a\"\nmsgid_plural \"as\"\nmsgstr[] \"b\"\n", "test.po:3: bad msgstr index\n"},
        {"msgid \"a\"\nmsgstr \"b\"\nmsgstr \"c\"\n", "test.po:3: duplicate msgstr\n"},
        {"msgid \"a\"\nmsgstr \"b\"\n\nmsgid \"a\"\nmsgstr \"c\"\n", "test.po:4: duplicate msgid \"a\"\n"},
        {"msgctxt \"a\"\n", "test.po:1: msgctxt without msgid\n"},
        {"msgctxt \"a\"\n# x\nmsgid \"b\"\nmsgstr \"c\"\n", "test.po:3: msgctxt must come just before msgid\n"},
        {"msgid \"a\"\nmsgstr \"b\"\nmsgid_plural \"c\"\n", "test.po:3: misplaced msgid_plural\n"},
    };
    char err[512];
    for (size_t i = 0; i < sizeof cases / sizeof *cases; i++) {
        assert_int_equal(load_capture(cases[i].po, err, sizeof err), -1);
        assert_string_equal(err, cases[i].message);
        assert_string_equal(i18n_get(LANG_FR, "a"), "a"); /* table left empty */
    }
    assert_int_equal(load_n("msgid \"a\"\nmsgstr \"b\0\"\n", 21, err, sizeof err), -1);
    assert_string_equal(err, "test.po:2: NUL byte\n");
    assert_int_equal(i18n_load(LANG__MAX, "x.po", "", 0), -1);
    assert_int_equal(i18n_load(LANG_FR, NULL, NULL, 0), 0);
}

static void test_negotiate(void **state) {
    assert_int_equal(i18n_negotiate(NULL), LANG_EN);
    assert_int_equal(i18n_negotiate(""), LANG_EN);
    assert_int_equal(i18n_negotiate("fr"), LANG_FR);
    assert_int_equal(i18n_negotiate("fr-FR"), LANG_FR);
    assert_int_equal(i18n_negotiate("fr-CA"), LANG_FR);
    assert_int_equal(i18n_negotiate("FR-ca"), LANG_FR);
    assert_int_equal(i18n_negotiate("en-GB"), LANG_EN);
    assert_int_equal(i18n_negotiate("de"), LANG_EN);
    assert_int_equal(i18n_negotiate("de-DE, fr;q=0.5, en;q=0.3"), LANG_FR);
    assert_int_equal(i18n_negotiate("fr;q=0.1, en;q=0.9"), LANG_EN);
    assert_int_equal(i18n_negotiate("en;q=0.1, fr;q=0.9"), LANG_FR);
    assert_int_equal(i18n_negotiate("en;q=0.8,fr"), LANG_FR);
    assert_int_equal(i18n_negotiate("fr-CH, fr;q=0.9, en;q=0.8, de;q=0.7, *;q=0.5"), LANG_FR);
    assert_int_equal(i18n_negotiate("fr , en"), LANG_FR); /* equal q: first wins */
    assert_int_equal(i18n_negotiate("en, fr"), LANG_EN);
    assert_int_equal(i18n_negotiate("fr;q=1.000, en;q=0.999"), LANG_FR);
    assert_int_equal(i18n_negotiate("fr ; Q=0.5 , en ; q=0.25"), LANG_FR);
    assert_int_equal(i18n_negotiate("fr;q=0"), LANG_EN);
    assert_int_equal(i18n_negotiate("fr;q=0."), LANG_EN);
    assert_int_equal(i18n_negotiate("*"), LANG_EN);
    assert_int_equal(i18n_negotiate("en;q=0, *"), LANG_FR);
    assert_int_equal(i18n_negotiate("de, *;q=0.1"), LANG_EN);
    assert_int_equal(i18n_negotiate("fr-CA;q=0.2, fr;q=0.7, en;q=0.5"), LANG_FR);
    assert_int_equal(i18n_negotiate(",,, ,fr,"), LANG_FR);
    /* malformed elements are ignored, not the whole header */
    assert_int_equal(i18n_negotiate("en;q=2, fr;q=0.5"), LANG_FR);
    assert_int_equal(i18n_negotiate("en;q=0.5000, fr;q=0.1"), LANG_FR);
    assert_int_equal(i18n_negotiate("en;q=1.5, fr;q=0.1"), LANG_FR);
    assert_int_equal(i18n_negotiate("en;level=1, fr;q=0.1"), LANG_FR);
    assert_int_equal(i18n_negotiate("fr_FR"), LANG_EN);
    assert_int_equal(i18n_negotiate("frfrfrfrfr"), LANG_EN);
    assert_int_equal(i18n_negotiate("fr-toolongsubtag"), LANG_EN);
    assert_int_equal(i18n_negotiate("fr-"), LANG_EN);
    assert_int_equal(i18n_negotiate("fr;"), LANG_EN);
    assert_int_equal(i18n_negotiate("fr;q="), LANG_EN);
    assert_int_equal(i18n_negotiate("\xff\xfe;;;==q,\t\"fr\""), LANG_EN);
    assert_int_equal(i18n_negotiate("f r"), LANG_EN);
}

static void test_negotiate_long(void **state) {
    enum { N = 10 * 1024 };
    char *h = malloc(N + 16);
    /* a 10 KB list ending with French */
    size_t len = 0;
    while (len < N) len += (size_t)sprintf(h + len, "xx-YY;q=0.5, ");
    strcpy(h + len, "fr;q=0.6");
    assert_int_equal(i18n_negotiate(h), LANG_FR);
    /* one 10 KB range */
    memset(h, 'f', N);
    h[N] = '\0';
    assert_int_equal(i18n_negotiate(h), LANG_EN);
    /* 10 KB of every byte value */
    for (size_t i = 0; i < N; i++) h[i] = (char)(i % 255 + 1);
    assert_int_equal(i18n_negotiate(h), LANG_EN);
    /* 10 KB of separators */
    memset(h, ',', N);
    assert_int_equal(i18n_negotiate(h), LANG_EN);
    free(h);
}

static void test_codes(void **state) {
    assert_int_equal(i18n_parse("en"), LANG_EN);
    assert_int_equal(i18n_parse("fr"), LANG_FR);
    assert_int_equal(i18n_parse("FR"), LANG_FR);
    assert_int_equal(i18n_parse("de"), LANG__MAX);
    assert_int_equal(i18n_parse("fr-FR"), LANG__MAX);
    assert_int_equal(i18n_parse(""), LANG__MAX);
    assert_int_equal(i18n_parse(NULL), LANG__MAX);
    assert_string_equal(i18n_code(LANG_EN), "en");
    assert_string_equal(i18n_code(LANG_FR), "fr");
    assert_string_equal(i18n_code(LANG__MAX), "en");
    for (int l = 0; l < LANG__MAX; l++) assert_int_equal(i18n_parse(i18n_code((enum lang)l)), l);
    assert_string_equal(N_("marked"), "marked");
}

int main(void) {
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup_teardown(test_lookup, setup, teardown),
        cmocka_unit_test_setup_teardown(test_plural, setup, teardown),
        cmocka_unit_test_setup_teardown(test_not_initialised, setup, teardown),
        cmocka_unit_test_setup_teardown(test_parser, setup, teardown),
        cmocka_unit_test_setup_teardown(test_parser_errors, setup, teardown),
        cmocka_unit_test(test_negotiate),
        cmocka_unit_test(test_negotiate_long),
        cmocka_unit_test(test_codes),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
