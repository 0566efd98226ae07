/* Text helpers. Folding covers Latin-1 Supplement and Latin Extended-A,
 * which is what French and English names and words use. */
#include "lib/text.h"

#include <ctype.h>
#include <errno.h>
#include <stdlib.h>
#include <string.h>

/* Decodes one code point; returns bytes used, or 0 if invalid. */
static int utf8_decode(const unsigned char *s, unsigned *cp) {
    if (s[0] < 0x80) {
        *cp = s[0];
        return 1;
    }
    if ((s[0] & 0xE0) == 0xC0 && (s[1] & 0xC0) == 0x80) {
        *cp = ((s[0] & 0x1Fu) << 6) | (s[1] & 0x3F);
        return *cp >= 0x80 ? 2 : 0;
    }
    if ((s[0] & 0xF0) == 0xE0 && (s[1] & 0xC0) == 0x80 && (s[2] & 0xC0) == 0x80) {
        *cp = ((s[0] & 0x0Fu) << 12) | ((s[1] & 0x3Fu) << 6) | (s[2] & 0x3F);
        return *cp >= 0x800 && (*cp < 0xD800 || *cp > 0xDFFF) ? 3 : 0;
    }
    if ((s[0] & 0xF8) == 0xF0 && (s[1] & 0xC0) == 0x80 && (s[2] & 0xC0) == 0x80 && (s[3] & 0xC0) == 0x80) {
        *cp = ((s[0] & 0x07u) << 18) | ((s[1] & 0x3Fu) << 12) | ((s[2] & 0x3Fu) << 6) | (s[3] & 0x3F);
        return *cp >= 0x10000 && *cp <= 0x10FFFF ? 4 : 0;
    }
    return 0;
}

int text_valid(const char *s, int allow_newlines) {
    const unsigned char *p = (const unsigned char *)s;
    while (*p) {
        unsigned cp;
        int n = utf8_decode(p, &cp);
        if (!n) return 0;
        if (cp < 0x20 || cp == 0x7F) {
            if (!(cp == '\t' || (allow_newlines && (cp == '\n' || cp == '\r')))) return 0;
        }
        p += n;
    }
    return 1;
}

size_t text_chars(const char *s) {
    size_t n = 0;
    for (const unsigned char *p = (const unsigned char *)s; *p; p++)
        if ((*p & 0xC0) != 0x80) n++;
    return n;
}

char *text_trim(struct arena *a, const char *s) {
    if (!s) return arena_strdup(a, "");
    while (*s && isspace((unsigned char)*s))
        s++;
    size_t n = strlen(s);
    while (n && isspace((unsigned char)s[n - 1]))
        n--;
    return arena_strndup(a, s, n);
}

/* ASCII replacement for U+00C0..U+017F, lowercase; "" keeps the character. */
static const char *fold_latin(unsigned cp) {
    static const char *const latin1[64] = {
        "a", "a", "a", "a", "a", "a", "ae", "c", "e", "e", "e", "e", "i", "i", "i",  "i",  /* C0 */
        "d", "n", "o", "o", "o", "o", "o",  "",  "o", "u", "u", "u", "u", "y", "th", "ss", /* D0 */
        "a", "a", "a", "a", "a", "a", "ae", "c", "e", "e", "e", "e", "i", "i", "i",  "i",  /* E0 */
        "d", "n", "o", "o", "o", "o", "o",  "",  "o", "u", "u", "u", "u", "y", "th", "y",  /* F0 */
    };
    /* U+0100..U+017F, one ASCII letter each; '*' marks the ligatures */
    static const char ext_a[] = "aaaaaaccccccccddddeeeeeeeeeegggggggghhhhiiiiiiiiii**jjkkklllllll"
                                "lllnnnnnnnnnoooooo**rrrrrrssssssssttttttuuuuuuuuuuuuwwyyyzzzzzzs";
    static const char singles[26][2] = {"a", "b", "c", "d", "e", "f", "g", "h", "i", "j", "k", "l", "m",
                                        "n", "o", "p", "q", "r", "s", "t", "u", "v", "w", "x", "y", "z"};
    if (cp >= 0xC0 && cp <= 0xFF) return latin1[cp - 0xC0];
    if (cp >= 0x100 && cp <= 0x17F) {
        if (cp == 0x132 || cp == 0x133) return "ij";
        if (cp == 0x152 || cp == 0x153) return "oe";
        char c = ext_a[cp - 0x100];
        return c >= 'a' && c <= 'z' ? singles[c - 'a'] : "";
    }
    return "";
}

char *text_fold(struct arena *a, const char *s) {
    size_t n = strlen(s);
    char *out = arena_alloc(a, n * 2 + 1);
    char *o = out;
    const unsigned char *p = (const unsigned char *)s;
    while (*p) {
        unsigned cp;
        int len = utf8_decode(p, &cp);
        if (!len) {
            p++;
            continue;
        }
        if (cp < 0x80) {
            *o++ = (char)tolower((int)cp);
        } else {
            const char *r = fold_latin(cp);
            if (*r) {
                size_t rl = strlen(r);
                memcpy(o, r, rl);
                o += rl;
            } else {
                memcpy(o, p, (size_t)len);
                o += len;
            }
        }
        p += len;
    }
    *o = 0;
    return out;
}

size_t text_fold_to(char *out, size_t cap, const char *s, size_t n) {
    size_t o = 0;
    const unsigned char *p = (const unsigned char *)s, *stop = p + n;
    while (p < stop && *p) {
        if (*p < 0x80) { /* the common case, without decoding */
            if (o + 1 >= cap) return SIZE_MAX;
            out[o++] = (char)tolower(*p++);
            continue;
        }
        unsigned cp;
        int len = utf8_decode(p, &cp);
        if (!len || p + len > stop) {
            p++;
            continue;
        }
        const char *r = fold_latin(cp);
        size_t rl = *r ? strlen(r) : (size_t)len;
        if (o + rl >= cap) return SIZE_MAX;
        memcpy(out + o, *r ? (const unsigned char *)r : p, rl);
        o += rl;
        p += len;
    }
    out[o] = 0;
    return o;
}

/* RFC 5322 atext, the characters of a dot-atom local part besides dots. */
static int is_atext(unsigned char c) { return isalnum(c) || (c && strchr("!#$%&'*+-/=?^_`{|}~", c)); }

int text_is_email(const char *s) {
    size_t n = strlen(s);
    if (n < 3 || n > 254) return 0;
    const char *at = strchr(s, '@');
    if (!at || strchr(at + 1, '@')) return 0;
    size_t local = (size_t)(at - s);
    if (local < 1 || local > 64 || s[0] == '.' || at[-1] == '.') return 0;
    for (const char *p = s; p < at; p++) {
        if (*p == '.' ? p[1] == '.' : !is_atext((unsigned char)*p)) return 0;
    }
    /* Domain: LDH labels of 1-63 bytes, no hyphen at either end, two labels
     * at least, the last one not all digits. */
    const char *d = at + 1;
    size_t labels = 0, len = 0;
    int digits_only = 1;
    for (const char *p = d;; p++) {
        if (*p == '.' || *p == 0) {
            if (len == 0 || len > 63 || p[-1] == '-') return 0;
            labels++;
            if (*p == 0) break;
            len = 0;
            digits_only = 1;
            continue;
        }
        unsigned char c = (unsigned char)*p;
        if (!(isalnum(c) || c == '-') || c >= 0x80) return 0;
        if (len == 0 && c == '-') return 0;
        if (!isdigit(c)) digits_only = 0;
        len++;
    }
    return labels >= 2 && !digits_only;
}

int text_is_handle(const char *s) {
    size_t n = strlen(s);
    if (n < 2 || n > 40) return 0;
    if (!isalnum((unsigned char)s[0])) return 0;
    for (const char *p = s; *p; p++)
        if (!(islower((unsigned char)*p) || isdigit((unsigned char)*p) || *p == '.' || *p == '_' || *p == '-'))
            return 0;
    return 1;
}

char *text_lower(struct arena *a, const char *s) {
    char *d = arena_strdup(a, s ? s : "");
    for (char *p = d; *p; p++)
        *p = (char)tolower((unsigned char)*p);
    return d;
}

char *text_handle_from_email(struct arena *a, const char *email) {
    const char *at = strchr(email, '@');
    size_t n = at ? (size_t)(at - email) : strlen(email);
    char *folded = text_fold(a, arena_strndup(a, email, n));
    char *h = arena_alloc(a, strlen(folded) + 4);
    size_t j = 0;
    for (const char *p = folded; *p && j < 36; p++) {
        char c = *p;
        if (islower((unsigned char)c) || isdigit((unsigned char)c) || c == '.' || c == '_' || c == '-')
            h[j++] = c;
        else if (c == '+')
            break;
    }
    while (j && !isalnum((unsigned char)h[0]))
        memmove(h, h + 1, j--);
    if (j < 2) {
        memcpy(h + j, "user", 5);
        j += 4;
    }
    h[j] = 0;
    return h;
}

char *text_excerpt(struct arena *a, const char *s, size_t max_chars) {
    size_t n = strlen(s);
    char *out = arena_alloc(a, n + 4), *o = out;
    size_t chars = 0;
    int space = 0;
    const char *last_break = NULL;
    char *out_break = NULL;
    for (const unsigned char *p = (const unsigned char *)s; *p;) {
        if (isspace(*p)) {
            space = o != out;
            p++;
            continue;
        }
        if (space) {
            if (chars + 1 > max_chars) break;
            last_break = (const char *)p;
            out_break = o;
            *o++ = ' ';
            chars++;
            space = 0;
        }
        unsigned cp;
        int len = utf8_decode(p, &cp);
        if (!len) len = 1; /* invalid byte: copied as is, validated upstream */
        if (chars + 1 > max_chars) {
            if (out_break && out_break > out + (o - out) / 2) o = out_break; /* end on a word */
            memcpy(o, "\xe2\x80\xa6", 3);
            o += 3;
            *o = 0;
            (void)last_break;
            return out;
        }
        memcpy(o, p, (size_t)len);
        o += len;
        p += len;
        chars++;
    }
    *o = 0;
    return out;
}

int64_t text_parse_id(const char *s) {
    if (!s || !isdigit((unsigned char)*s)) return 0;
    char *end;
    errno = 0;
    long long v = strtoll(s, &end, 10);
    return *end || errno || v <= 0 ? 0 : v;
}

char *text_like_contains(struct arena *a, const char *w) {
    char *out = arena_alloc(a, strlen(w) * 2 + 3), *o = out;
    *o++ = '%';
    for (; *w; w++) {
        if (*w == '%' || *w == '_' || *w == '\\') *o++ = '\\';
        *o++ = *w;
    }
    *o++ = '%';
    *o = 0;
    return out;
}

/* Length in bytes of the character at s (1 for an invalid byte); *word set
 * when it belongs to a word: ASCII letters and digits, and non-ASCII
 * characters except punctuation and spaces (Latin-1's, U+2000..U+206F
 * such as ’ “ ” … –, U+3000..U+303F), as FTS5's unicode61 splits them. */
static int word_char_at(const char *s, int *word) {
    unsigned char c = (unsigned char)*s;
    if (c < 0x80) {
        *word = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9');
        return 1;
    }
    int len = c >= 0xF0 ? 4 : c >= 0xE0 ? 3 : c >= 0xC0 ? 2 : 1;
    for (int i = 1; i < len; i++)
        if (((unsigned char)s[i] & 0xC0) != 0x80) len = 1;
    unsigned cp = len == 1 ? c : len == 2 ? c & 0x1F : len == 3 ? c & 0x0F : c & 0x07;
    for (int i = 1; i < len; i++)
        cp = (cp << 6) | ((unsigned char)s[i] & 0x3F);
    *word = len > 1 && !(cp < 0xC0 || cp == 0xD7 || cp == 0xF7 || (cp >= 0x2000 && cp <= 0x206F) ||
                         (cp >= 0x3000 && cp <= 0x303F) || cp == 0xFEFF);
    return len;
}

/* ASCII letters and digits: the bytes most words are made of */
static const unsigned char ascii_word[128] = {
    ['0'] = 1, ['1'] = 1, ['2'] = 1, ['3'] = 1, ['4'] = 1, ['5'] = 1, ['6'] = 1, ['7'] = 1, ['8'] = 1, ['9'] = 1,
    ['a'] = 1, ['b'] = 1, ['c'] = 1, ['d'] = 1, ['e'] = 1, ['f'] = 1, ['g'] = 1, ['h'] = 1, ['i'] = 1, ['j'] = 1,
    ['k'] = 1, ['l'] = 1, ['m'] = 1, ['n'] = 1, ['o'] = 1, ['p'] = 1, ['q'] = 1, ['r'] = 1, ['s'] = 1, ['t'] = 1,
    ['u'] = 1, ['v'] = 1, ['w'] = 1, ['x'] = 1, ['y'] = 1, ['z'] = 1, ['A'] = 1, ['B'] = 1, ['C'] = 1, ['D'] = 1,
    ['E'] = 1, ['F'] = 1, ['G'] = 1, ['H'] = 1, ['I'] = 1, ['J'] = 1, ['K'] = 1, ['L'] = 1, ['M'] = 1, ['N'] = 1,
    ['O'] = 1, ['P'] = 1, ['Q'] = 1, ['R'] = 1, ['S'] = 1, ['T'] = 1, ['U'] = 1, ['V'] = 1, ['W'] = 1, ['X'] = 1,
    ['Y'] = 1, ['Z'] = 1};

size_t text_word_at(const char *s, size_t n, size_t *skip) {
    const unsigned char *u = (const unsigned char *)s;
    size_t p = 0;
    while (p < n) {
        if (u[p] < 0x80) { /* ASCII without decoding: the search ranks 500 texts a query */
            if (!ascii_word[u[p]]) break;
            p++;
            continue;
        }
        int w, len = word_char_at(s + p, &w);
        if (!w || p + (size_t)len > n) {
            if (p == 0) *skip = (size_t)len;
            return p;
        }
        p += (size_t)len;
    }
    if (p == 0) *skip = 1;
    return p;
}
