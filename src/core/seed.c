/* The demo company "Ruche Demo": a CEO, department heads, their teams and a
 * few partners, with titles, places, expertise and short bios. */
#include "core/seed.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/people.h"
#include "lib/crypto.h"

struct demo_person {
    const char *email, *name, *role, *title, *department, *location, *manager, *expertise, *bio;
};

static const struct demo_person demo[] = {
    {DEMO_ADMIN_EMAIL, "Camille Laurent", "admin", "Community manager", "Direction", "Lyon", "claire.dubois",
     "community management, adoption, training", "I run our **social platform** and the onboarding missions. Ask me anything."},
    {"claire.dubois@example.com", "Claire Dubois", "employee", "Chief executive officer", "Direction", "Paris", "",
     "strategy, partnerships", "Founder. I believe in *working out loud*."},
    {"thomas.martin@example.com", "Thomas Martin", "employee", "VP Engineering", "Engineering", "Lyon", "claire.dubois",
     "architecture, c, postgresql", "Twenty years of building systems that stay up."},
    {"amelie.roux@example.com", "Amélie Roux", "employee", "Staff engineer", "Engineering", "Lyon", "thomas.martin",
     "sqlite, performance, c", "Happy when a benchmark goes green."},
    {"hugo.bernard@example.com", "Hugo Bernard", "employee", "Software engineer", "Engineering", "Lyon", "thomas.martin",
     "javascript, accessibility", "Front-end, accessibility and the occasional CSS puzzle."},
    {"lea.petit@example.com", "Léa Petit", "employee", "Software engineer", "Engineering", "Remote", "thomas.martin",
     "security, cryptography", "I review every pull request that touches authentication."},
    {"nathan.moreau@example.com", "Nathan Moreau", "employee", "Site reliability engineer", "Engineering", "Paris",
     "thomas.martin", "linux, monitoring, backups", "On call this week. Dashboards are my love language."},
    {"ines.garcia@example.com", "Inès Garcia", "employee", "QA engineer", "Engineering", "Barcelona", "thomas.martin",
     "testing, playwright", "If it is not tested, it does not work."},
    {"oliver.smith@example.com", "Oliver Smith", "employee", "Software engineer", "Engineering", "London", "amelie.roux",
     "rust, c, networking", "Moved from London to Lyon last spring. Still learning French!"},
    {"sophie.lefevre@example.com", "Sophie Lefèvre", "employee", "VP Sales", "Sales", "Paris", "claire.dubois",
     "negotiation, public sector", "Our customers' voice inside the company."},
    {"lucas.girard@example.com", "Lucas Girard", "employee", "Account executive", "Sales", "Paris", "sophie.lefevre",
     "banking, insurance", "Ask me about the big bank pilot."},
    {"emma.wilson@example.com", "Emma Wilson", "employee", "Account executive", "Sales", "London", "sophie.lefevre",
     "retail, uk market", "Covering the UK and Ireland."},
    {"jules.fournier@example.com", "Jules Fournier", "employee", "Sales engineer", "Sales", "Nantes", "sophie.lefevre",
     "demos, integration, sso", "I do the demos and the proof-of-concepts."},
    {"manon.mercier@example.com", "Manon Mercier", "employee", "Head of marketing", "Marketing", "Paris", "claire.dubois",
     "brand, content, events", "Events, content and the public website."},
    {"louis.blanc@example.com", "Louis Blanc", "employee", "Content writer", "Marketing", "Bordeaux", "manon.mercier",
     "writing, seo", "Writing the blog and the case studies."},
    {"chloe.guerin@example.com", "Chloé Guérin", "employee", "Designer", "Marketing", "Paris", "manon.mercier",
     "design, illustration, ux", "Drawing things, including our bee."},
    {"gabriel.faure@example.com", "Gabriel Faure", "employee", "HR director", "Human Resources", "Paris", "claire.dubois",
     "recruiting, labour law", "Open door, always."},
    {"sarah.andre@example.com", "Sarah André", "employee", "Talent acquisition", "Human Resources", "Lyon",
     "gabriel.faure", "recruiting, onboarding", "We are hiring engineers in Lyon!"},
    {"paul.chevalier@example.com", "Paul Chevalier", "employee", "Chief financial officer", "Finance", "Paris",
     "claire.dubois", "accounting, budgets", "Budgets are due on the 15th."},
    {"julie.robin@example.com", "Julie Robin", "employee", "Accountant", "Finance", "Paris", "paul.chevalier",
     "invoicing, payroll", "Expense reports go through me."},
    {"arthur.clement@example.com", "Arthur Clément", "employee", "Head of customer success", "Customer Success", "Lyon",
     "claire.dubois", "support, training", "Making customers successful with Ruche."},
    {"zoe.lambert@example.com", "Zoé Lambert", "employee", "Customer success manager", "Customer Success", "Lyon",
     "arthur.clement", "training, adoption", "Running the customer webinars."},
    {"adam.bonnet@example.com", "Adam Bonnet", "employee", "Support engineer", "Customer Success", "Lille",
     "arthur.clement", "support, sql", "Level 2 support."},
    {"alice.henry@example.com", "Alice Henry", "employee", "Operations manager", "Operations", "Lyon", "claire.dubois",
     "facilities, purchasing", "Offices, laptops and coffee machines."},
    {"raphael.muller@example.com", "Raphaël Muller", "employee", "IT administrator", "Operations", "Strasbourg",
     "alice.henry", "ldap, networks, laptops", "Your laptop is ready when you arrive."},
    {"partner.nina@partner.example.net", "Nina Kowalski", "external", "Integration consultant", "Kowalski Consulting",
     "Warsaw", "", "integration, sso", "Partner: we integrate Ruche with HR systems."},
    {"client.marc@customer.example.org", "Marc Dupont", "external", "IT director", "Banque Exemple", "Paris", "",
     "banking", "Customer: leading the pilot at Banque Exemple."},
};

static int64_t id_of(struct db *db, const char *email) {
    struct db_stmt *st = db_prep(db, "SELECT id FROM people WHERE email = $1");
    db_bind_text(st, 1, email);
    return db_int_or(st, 0);
}

int seed_demo(struct db *db, const char *password, char *err, size_t errlen) {
    if (id_of(db, DEMO_ADMIN_EMAIL)) return 1;
    char *hash = password_hash(password);
    if (!hash) {
        snprintf(err, errlen, "cannot hash the demo password");
        return -1;
    }
    struct arena a = {0};
    struct err e = {0};
    size_t n = sizeof demo / sizeof demo[0];
    int rc = 0;
    for (size_t i = 0; i < n && !rc; i++) {
        enum role role = ROLE_EMPLOYEE;
        role_parse(demo[i].role, &role);
        int64_t id;
        if (people_create(db, &a, demo[i].email, demo[i].name, role, NULL, &id, &e)) {
            snprintf(err, errlen, "%s: %s", demo[i].email, e.msg);
            rc = -1;
            break;
        }
        struct db_stmt *st = db_prep(db, "UPDATE people SET password_hash = $2 WHERE id = $1");
        db_bind_int(st, 1, id);
        db_bind_text(st, 2, hash);
        db_run(st);
    }
    /* Profiles once everyone exists, so managers resolve. Edits are made
     * as the admin, through the same rules as the web pages. */
    struct person *admin = rc ? NULL : people_by_email(db, &a, DEMO_ADMIN_EMAIL);
    for (size_t i = 0; admin && i < n && !rc; i++) {
        struct person_edit ed = {.title = demo[i].title,
                                 .department = demo[i].department,
                                 .location = demo[i].location,
                                 .manager_handle = demo[i].manager,
                                 .expertise = demo[i].expertise,
                                 .bio = demo[i].bio};
        if (people_update(db, &a, admin, id_of(db, demo[i].email), &ed, &e)) {
            snprintf(err, errlen, "%s: %s", demo[i].email, e.msg);
            rc = -1;
        }
    }
    free(hash);
    arena_free(&a);
    return rc ? rc : seed_demo_spaces(db, err, errlen);
}
