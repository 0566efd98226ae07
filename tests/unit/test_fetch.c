/* jobs/fetch (which addresses may be fetched), lib/url (canonical URLs)
 * and jobs/link_preview (reading a page's title, description, image). */
#include "unit.h"

#include <arpa/inet.h>

#include "jobs/fetch.h"
#include "jobs/link_preview.h"
#include "lib/url.h"

static int allowed(const char *ip) {
    struct sockaddr_storage ss = {0};
    if (strchr(ip, ':')) {
        struct sockaddr_in6 *s6 = (struct sockaddr_in6 *)&ss;
        s6->sin6_family = AF_INET6;
        assert_int_equal(inet_pton(AF_INET6, ip, &s6->sin6_addr), 1);
    } else {
        struct sockaddr_in *s4 = (struct sockaddr_in *)&ss;
        s4->sin_family = AF_INET;
        assert_int_equal(inet_pton(AF_INET, ip, &s4->sin_addr), 1);
    }
    return fetch_address_allowed((struct sockaddr *)&ss, 0);
}

static void refuses_special_addresses(void **state) {
    const char *refused[] = {"127.0.0.1", "127.1.2.3", "0.0.0.0", "10.1.2.3", "172.16.0.1", "172.31.255.255",
                             "192.168.1.1", "169.254.169.254", "100.64.0.1", "100.127.255.255", "224.0.0.1",
                             "255.255.255.255", "240.0.0.1", "198.18.0.1", "192.0.2.1", "203.0.113.9", "::1", "::",
                             "fe80::1", "fc00::1", "fd12:3456::1", "ff02::1", "::ffff:127.0.0.1", "::ffff:10.0.0.1",
                             "64:ff9b::7f00:1", "2001:db8::1", "2002:7f00:1::1", "2001::1", "fec0::1"};
    for (size_t i = 0; i < sizeof refused / sizeof *refused; i++)
        if (allowed(refused[i])) fail_msg("%s should be refused", refused[i]);
    const char *ok[] = {"93.184.216.34", "8.8.8.8", "172.32.0.1", "100.128.0.1", "2606:2800:220:1::1",
                        "::ffff:93.184.216.34", "2a00:1450:4007::1"};
    for (size_t i = 0; i < sizeof ok / sizeof *ok; i++)
        if (!allowed(ok[i])) fail_msg("%s should be allowed", ok[i]);
    struct sockaddr_in lo = {.sin_family = AF_INET, .sin_addr.s_addr = htonl(0x7f000001)};
    assert_true(fetch_address_allowed((struct sockaddr *)&lo, 1));
}

static void canonical_urls(void **state) {
    struct arena a = {0};
    const char *k;
    assert_int_equal(url_canonical(&a, "HTTPS://Example.COM:443/a?utm_source=x&b=1&fbclid=2#frag", &k), URL_OK);
    assert_string_equal(k, "https://example.com/a?b=1");
    assert_int_equal(url_canonical(&a, "http://example.com", &k), URL_OK);
    assert_string_equal(k, "http://example.com/");
    assert_int_equal(url_canonical(&a, "http://example.com:8080/x?utm_medium=1", &k), URL_OK);
    assert_string_equal(k, "http://example.com:8080/x");
    assert_int_equal(url_canonical(&a, "ftp://example.com/", &k), URL_SCHEME);
    assert_int_not_equal(url_canonical(&a, "javascript:alert(1)", &k), URL_OK);
    assert_int_equal(url_canonical(&a, "https://u:p@example.com/", &k), URL_CREDENTIALS);
    assert_int_equal(url_canonical(&a, "https://exa mple.com/", &k), URL_INVALID);
    assert_int_equal(url_canonical(&a, "/relative", &k), URL_INVALID);
    assert_string_equal(url_host(&a, "https://www.Example.com/x"), "example.com");
    arena_free(&a);
}

static void reads_previews(void **state) {
    struct link_preview p;
    const char *html = "<html><head><title> A\n  title </title><meta name=description content='Desc &amp; more'>"
                       "<meta property='og:image' content='../img/a.png'></head><body>x</body></html>";
    link_preview_parse(html, strlen(html), "https://example.com/dir/page", NULL, &p);
    assert_string_equal(p.title, "A title");
    assert_string_equal(p.description, "Desc & more");
    assert_string_equal(p.image, "https://example.com/img/a.png");
    const char *og = "<meta property=og:title content=OG><title>T</title><meta property=og:image content='javascript:x'>";
    link_preview_parse(og, strlen(og), "https://example.com/", NULL, &p);
    assert_string_equal(p.title, "OG");
    assert_string_equal(p.image, "");
    link_preview_parse("", 0, "https://example.com/", NULL, &p);
    assert_string_equal(p.title, "");
}

int main(void) {
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(refuses_special_addresses),
        cmocka_unit_test(canonical_urls),
        cmocka_unit_test(reads_previews),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
