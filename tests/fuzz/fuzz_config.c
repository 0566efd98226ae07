/* Fuzzes the configuration file reader (lib/config.c over inih): any bytes
 * as DATA/ruche.conf, read the way `ruche serve` reads it, then the
 * derived defaults. A file that loads must leave settings in range. */
#include <stdio.h>
#include <unistd.h>

#include "fuzz.h"
#include "lib/config.h"

static char dir[64];

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
    if (!dir[0]) {
        snprintf(dir, sizeof dir, "/tmp/ruche-fuzz-config-XXXXXX");
        if (!mkdtemp(dir)) abort();
    }
    char path[128];
    snprintf(path, sizeof path, "%s/ruche.conf", dir);
    FILE *f = fopen(path, "w");
    if (!f) abort();
    fwrite(data, 1, size, f);
    fclose(f);
    struct config c;
    config_defaults(&c);
    snprintf(c.data_dir, sizeof c.data_dir, "%s", dir);
    char err[512] = "";
    if (config_load_file(&c, err, sizeof err) == 0) {
        config_finish(&c);
        if (c.listen_port < 0 || c.listen_port > 65535 || c.threads < 1 || c.max_body == 0) abort();
        if (!memchr(c.db_url, 0, sizeof c.db_url) || !memchr(c.public_url, 0, sizeof c.public_url)) abort();
    } else if (!err[0]) {
        abort(); /* a refusal always says why */
    }
    unlink(path);
    return 0;
}
