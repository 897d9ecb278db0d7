-- FixMyQuarter benchmark seeder: fills the server's own schema with N realistic reports.
--
--   psql -h 127.0.0.1 -U postgres -d fmq_bench -v n=1000000 -v truncate=1 -f seed.sql
--
-- The schema must exist already: start the server once on the database so that its Flyway
-- migrations create it (run-benchmark.sh does). Variables:
--   n         number of reports (default 1000000)
--   truncate  1 empties the report tables (and the outbox, idempotency and delivery tables)
--             first; without it the script refuses to run on a database that has reports.
--   shapes    percentage of the reports that are lines or zones instead of points (default 0;
--             run-benchmark.sh --shapes PCT): three quarters of them lines, one quarter zones.
--
-- Everything is generated inside PostgreSQL with INSERT ... SELECT FROM generate_series, in one
-- transaction, and VACUUM ANALYZE runs at the end. No extension is needed: ids are 16 bytes of md5 in
-- the application's format (22 characters of URL-safe base64 without padding).
--
-- What the rows look like:
--   - positions clustered around six cities (Paris, Lyon, Marseille, Lisbon, Madrid, Berlin),
--     a gaussian spread of about 4 km (Box-Muller), Paris and Madrid the largest;
--   - the sub-category codes of the default categories plugin (fmq-categories-default);
--   - status: 60 % open, 20 % in_progress, 15 % resolved, 3 % duplicate, 2 % rejected;
--   - created_at uniform over the last three years, updated_at >= created_at;
--   - vote_count: most 0 to 3, one report in 2,000 between 100 and 500;
--   - titles and descriptions in English or the city's language (French, Spanish, Portuguese,
--     German) so that text search has words to find;
--   - 85 % by one of 50,000 citizens (bench-user-K), 15 % anonymous; 0.2 % hidden by a moderator;
--   - the first history row (null -> open) of every report, a second one (open -> final status)
--     for reports that moved on, and the reporter's follow row for signed-in reporters.
-- Votes are not written as fmq_vote rows: vote_count is only there to sort by.
--
-- Lines and zones (with shapes > 0), stored as the server stores them (docs/areas.md): GeoJSON in
-- geometry, its bounding box in geom_min_lat/geom_max_lat/geom_min_lon/geom_max_lon, and the
-- representative point in latitude/longitude, which is the gaussian position drawn above, so the
-- points keep the same spread:
--   - a line: 2 to 10 positions, 150 to 600 m long in equal steps, its heading turning by up to
--     about 15 degrees a step (it may cross itself, as the API allows), placed so that the point
--     halfway along it is the drawn position;
--   - a zone: a ring of 4 to 8 corners at 40 to 200 m around the drawn position, in angular order
--     (so it never crosses itself and holds its centre); the centre is its point, inside it like
--     JTS's interior point the server would take, though not the same spot.
-- Positions have 7 decimals (about a centimetre); the box and the point come from those.

\set ON_ERROR_STOP on
\if :{?n}
\else
\set n 1000000
\endif
\if :{?truncate}
\else
\set truncate 0
\endif
\if :{?shapes}
\else
\set shapes 0
\endif

SELECT EXISTS (SELECT 1 FROM fmq_report) AS has_reports \gset
\if :has_reports
  \if :truncate
    \echo 'seed: emptying the report tables (truncate=1)'
    TRUNCATE fmq_report, fmq_status_change, fmq_report_follow, fmq_vote, fmq_comment, fmq_comment_edit,
             fmq_flag, fmq_helpdesk_ticket, fmq_outbox_event, fmq_delivery, fmq_idempotency_key,
             fmq_notification;
  \else
    \echo 'seed: fmq_report already has rows; run again with -v truncate=1 to replace them'
    \quit
  \endif
\endif

\echo 'seed: generating' :n 'reports,' :shapes '% of them lines or zones'
SELECT clock_timestamp() AS seed_started \gset

BEGIN;

-- The six cities: centre, weight (cumulative upper bound of a uniform draw), local language.
CREATE TEMP TABLE bench_city (idx int PRIMARY KEY, name text, lat float8, lon float8, upto float8,
                              lang text, streets text[]) ON COMMIT DROP;
INSERT INTO bench_city VALUES
 (1, 'Paris',     48.8566,  2.3522, 0.28, 'fr', ARRAY['rue de Rivoli', 'boulevard Voltaire', 'rue Oberkampf', 'avenue de Clichy', 'rue de la Roquette', 'quai de Jemmapes']),
 (2, 'Lyon',      45.7640,  4.8357, 0.40, 'fr', ARRAY['rue de la République', 'cours Lafayette', 'rue Garibaldi', 'quai Saint-Antoine', 'avenue Jean Jaurès']),
 (3, 'Marseille', 43.2965,  5.3698, 0.52, 'fr', ARRAY['La Canebière', 'rue Paradis', 'boulevard Baille', 'avenue du Prado', 'rue de Rome']),
 (4, 'Lisbon',    38.7223, -9.1393, 0.64, 'pt', ARRAY['Rua Augusta', 'Avenida da Liberdade', 'Rua do Ouro', 'Rua da Prata', 'Calçada do Combro']),
 (5, 'Madrid',    40.4168, -3.7038, 0.84, 'es', ARRAY['Gran Vía', 'Calle de Alcalá', 'Calle Mayor', 'Paseo del Prado', 'Calle de Atocha', 'Calle de Toledo']),
 (6, 'Berlin',    52.5200, 13.4050, 1.00, 'de', ARRAY['Torstraße', 'Karl-Marx-Allee', 'Kantstraße', 'Sonnenallee', 'Schönhauser Allee', 'Oranienstraße']);

-- The sub-categories of the default plugin, with a short name in English and in each city
-- language (the words text search looks for).
CREATE TEMP TABLE bench_category (idx int PRIMARY KEY, code text, en text, fr text, es text, pt text, de text)
    ON COMMIT DROP;
INSERT INTO bench_category VALUES
 ( 1, 'pothole',               'Pothole',                  'Nid-de-poule',               'Bache',                     'Buraco na estrada',        'Schlagloch'),
 ( 2, 'damaged-pavement',      'Damaged pavement',         'Trottoir abîmé',             'Acera dañada',              'Passeio danificado',       'Beschädigter Gehweg'),
 ( 3, 'road-marking',          'Faded road marking',       'Marquage effacé',            'Señalización borrada',      'Marcação apagada',         'Verblasste Fahrbahnmarkierung'),
 ( 4, 'traffic-sign',          'Damaged traffic sign',     'Panneau abîmé',              'Señal dañada',              'Sinal danificado',         'Beschädigtes Verkehrsschild'),
 ( 5, 'blocked-road',          'Road blocked',             'Route bloquée',              'Calle cortada',             'Estrada bloqueada',        'Straße blockiert'),
 ( 6, 'streetlight-out',       'Street light out',         'Lampadaire éteint',          'Farola apagada',            'Candeeiro apagado',        'Straßenlaterne aus'),
 ( 7, 'streetlight-flickering', 'Flickering street light', 'Lampadaire qui clignote',    'Farola parpadeando',        'Candeeiro a piscar',       'Flackernde Straßenlaterne'),
 ( 8, 'streetlight-daytime',   'Street light on by day',   'Lampadaire allumé le jour',  'Farola encendida de día',   'Candeeiro aceso de dia',   'Laterne brennt tagsüber'),
 ( 9, 'damaged-lamp-post',     'Damaged lamp post',        'Poteau d''éclairage abîmé',  'Poste de luz dañado',       'Poste de luz danificado',  'Beschädigter Lichtmast'),
 (10, 'power-outage',          'Power outage',             'Coupure de courant',         'Corte de luz',              'Falha de energia',         'Stromausfall'),
 (11, 'exposed-wires',         'Exposed wires',            'Câbles dénudés',             'Cables sueltos',            'Fios expostos',            'Freiliegende Kabel'),
 (12, 'damaged-cabinet',       'Damaged electrical box',   'Armoire électrique abîmée',  'Armario eléctrico dañado',  'Armário elétrico danificado', 'Beschädigter Schaltkasten'),
 (13, 'water-leak',            'Water leak',               'Fuite d''eau',               'Fuga de agua',              'Fuga de água',             'Wasserrohrbruch'),
 (14, 'blocked-drain',         'Blocked drain',            'Avaloir bouché',             'Alcantarilla atascada',     'Sarjeta entupida',         'Verstopfter Gully'),
 (15, 'flooding',              'Flooding',                 'Inondation',                 'Inundación',                'Inundação',                'Überschwemmung'),
 (16, 'sewer-overflow',        'Sewer overflow',           'Égout qui déborde',          'Alcantarilla desbordada',   'Esgoto a transbordar',     'Überlaufender Kanal'),
 (17, 'no-water',              'No water supply',          'Pas d''eau au robinet',      'Sin suministro de agua',    'Sem água',                 'Kein Wasser'),
 (18, 'illegal-dumping',       'Illegal dumping',          'Dépôt sauvage',              'Vertido ilegal',            'Despejo ilegal',           'Illegale Müllablagerung'),
 (19, 'overflowing-bin',       'Overflowing bin',          'Poubelle qui déborde',       'Contenedor desbordado',     'Contentor a transbordar',  'Überfüllter Mülleimer'),
 (20, 'missed-collection',     'Missed bin collection',    'Collecte oubliée',           'Recogida no realizada',     'Recolha em falta',         'Müllabfuhr ausgefallen'),
 (21, 'litter',                'Litter on the street',     'Détritus dans la rue',       'Basura en la calle',        'Lixo na rua',              'Müll auf der Straße'),
 (22, 'dangerous-structure',   'Dangerous building',       'Bâtiment dangereux',         'Edificio peligroso',        'Edifício perigoso',        'Einsturzgefährdetes Gebäude'),
 (23, 'broken-traffic-light',  'Broken traffic light',     'Feu tricolore en panne',     'Semáforo averiado',         'Semáforo avariado',        'Ampel defekt'),
 (24, 'fallen-tree',           'Fallen tree',              'Arbre tombé',                'Árbol caído',               'Árvore caída',             'Umgestürzter Baum'),
 (25, 'open-manhole',          'Open manhole',             'Plaque d''égout manquante',  'Alcantarilla sin tapa',     'Tampa de esgoto em falta', 'Offener Kanaldeckel'),
 (26, 'blocked-sidewalk',      'Blocked pavement',         'Trottoir encombré',          'Acera bloqueada',           'Passeio obstruído',        'Blockierter Gehweg'),
 (27, 'missing-ramp',          'Missing kerb ramp',        'Bateau de trottoir manquant', 'Falta rampa',              'Rampa em falta',           'Fehlende Bordsteinabsenkung'),
 (28, 'broken-lift',           'Broken lift',              'Ascenseur en panne',         'Ascensor averiado',         'Elevador avariado',        'Aufzug defekt'),
 (29, 'inaccessible-crossing', 'Inaccessible crossing',    'Passage piéton inaccessible', 'Paso de peatones inaccesible', 'Passadeira inacessível', 'Unzugänglicher Übergang'),
 (30, 'graffiti',              'Graffiti',                 'Tags sur le mur',            'Pintadas en la pared',      'Grafíti na parede',        'Graffiti an der Wand'),
 (31, 'abandoned-vehicle',     'Abandoned car',            'Voiture ventouse',           'Coche abandonado',          'Carro abandonado',         'Verlassenes Auto'),
 (32, 'park-damage',           'Damaged playground',       'Aire de jeux abîmée',        'Parque infantil dañado',    'Parque infantil danificado', 'Beschädigter Spielplatz');

-- One row of random draws per report, then everything derived from it.
CREATE TEMP TABLE bench_src ON COMMIT DROP AS
SELECT d.g,
       translate(rtrim(encode(decode(md5(d.g || ':' || random() || ':' || clock_timestamp()), 'hex'), 'base64'), '='),
                 '+/', '-_') AS id,
       c.name AS city, c.lang, c.streets,
       k.code, k.en, CASE c.lang WHEN 'fr' THEN k.fr WHEN 'es' THEN k.es WHEN 'pt' THEN k.pt ELSE k.de END AS local_name,
       -- Box-Muller: two independent normal draws, sigma 4 km, in degrees.
       least(89.9, greatest(-89.9, c.lat + sqrt(-2 * ln(1 - d.u1)) * cos(2 * pi() * d.u2) * 4000 / 111320.0)) AS latitude,
       c.lon + sqrt(-2 * ln(1 - d.u1)) * sin(2 * pi() * d.u2) * 4000 / (111320.0 * cos(radians(c.lat))) AS longitude,
       CASE WHEN d.r_status < 0.60 THEN 'open' WHEN d.r_status < 0.80 THEN 'in_progress'
            WHEN d.r_status < 0.95 THEN 'resolved' WHEN d.r_status < 0.98 THEN 'duplicate' ELSE 'rejected' END AS status,
       date_trunc('milliseconds', now() - d.r_age * interval '1095 days') AS created_at,
       d.r_upd, d.r_lang, d.r_text, d.r_street, d.r_acc,
       CASE WHEN d.r_vote < 0.0005 THEN 100 + floor(d.r_vote2 * 400)::int
            ELSE least(floor(-ln(1 - d.r_vote2) * 1.2)::int, 40) END AS vote_count,
       CASE WHEN d.r_author < 0.15 THEN 'anonymous' ELSE 'bench-user-' || (1 + floor(d.r_author * 50000)::int) END AS author_id,
       d.r_hidden < 0.002 AS hidden,
       d.r_shape
FROM (SELECT g, random() AS r_shape, random() AS r_city, random() AS r_cat, random() AS u1, random() AS u2, random() AS r_status,
             random() AS r_age, random() AS r_upd, random() AS r_vote, random() AS r_vote2, random() AS r_author,
             random() AS r_lang, random() AS r_text, random() AS r_street, random() AS r_acc, random() AS r_hidden
      FROM generate_series(1, :n) AS g) AS d
JOIN LATERAL (SELECT * FROM bench_city c WHERE c.upto > d.r_city ORDER BY c.upto LIMIT 1) AS c ON true
JOIN bench_category k ON k.idx = 1 + floor(d.r_cat * 32)::int;

-- Lines and zones: their positions in metres east (x) and north (y) of the drawn position.
CREATE TEMP TABLE bench_shape ON COMMIT DROP AS
SELECT s.id, s.latitude, s.longitude, s.r_shape < :shapes * 0.75 / 100.0 AS line,
       2 + floor(random() * 9)::int AS n, random() AS r_size, 2 * pi() * random() AS heading
FROM bench_src s
WHERE s.r_shape < :shapes / 100.0;

-- A line's segments in order, each of the same length, its heading turning a little each step.
CREATE TEMP TABLE bench_shape_pos ON COMMIT DROP AS
WITH step AS (
    SELECT b.id, g.i, (150 + b.r_size * 450) / (b.n - 1) AS len,
           b.heading + sum(CASE WHEN g.i = 0 THEN 0 ELSE (random() - 0.5) * 0.5 END)
               OVER (PARTITION BY b.id ORDER BY g.i) AS h
    FROM bench_shape b, generate_series(0, b.n - 2) AS g(i)
    WHERE b.line),
vertex AS (
    SELECT id, 0 AS i, 0::float8 AS x, 0::float8 AS y FROM bench_shape WHERE line
    UNION ALL
    SELECT id, i + 1, sum(len * cos(h)) OVER w, sum(len * sin(h)) OVER w
    FROM step WINDOW w AS (PARTITION BY id ORDER BY i)),
-- Halfway along: m / 2 segments from the start, m = n - 1 of them.
half AS (
    SELECT b.id,
           a.x + ((b.n - 1) / 2.0 - (b.n - 1) / 2) * (coalesce(c.x, a.x) - a.x) AS x,
           a.y + ((b.n - 1) / 2.0 - (b.n - 1) / 2) * (coalesce(c.y, a.y) - a.y) AS y
    FROM bench_shape b
    JOIN vertex a ON a.id = b.id AND a.i = (b.n - 1) / 2
    LEFT JOIN vertex c ON c.id = b.id AND c.i = (b.n - 1) / 2 + 1
    WHERE b.line)
SELECT v.id, v.i, v.x - h.x AS x, v.y - h.y AS y
FROM vertex v JOIN half h ON h.id = v.id
UNION ALL
-- A zone's ring: corners in angular order around the centre, the first repeated to close it.
SELECT z.id, z.i, z.r * cos(z.a), z.r * sin(z.a)
FROM (SELECT b.id, g.i, (40 + b.r_size * 160) * (0.7 + 0.3 * random()) AS r,
             b.heading + 2 * pi() * g.i / b.k + (random() - 0.5) * 0.6 * pi() / b.k AS a
      FROM (SELECT *, 4 + n % 5 AS k FROM bench_shape WHERE NOT line) b, generate_series(0, b.k - 1) AS g(i)) z;
INSERT INTO bench_shape_pos
SELECT p.id, b.k, p.x, p.y
FROM (SELECT *, 4 + n % 5 AS k FROM bench_shape WHERE NOT line) b JOIN bench_shape_pos p ON p.id = b.id AND p.i = 0;

-- In degrees (7 decimals), then the GeoJSON, the box and the representative point.
CREATE TEMP TABLE bench_shape_deg ON COMMIT DROP AS
SELECT p.id, p.i,
       round((b.latitude + p.y / 111320.0)::numeric, 7) AS lat,
       round((b.longitude + p.x / (111320.0 * cos(radians(b.latitude))))::numeric, 7) AS lon
FROM bench_shape_pos p JOIN bench_shape b ON b.id = p.id;

CREATE TEMP TABLE bench_geometry ON COMMIT DROP AS
SELECT b.id,
       '{"type":"' || CASE WHEN b.line THEN 'LineString' ELSE 'Polygon' END || '","coordinates":'
           || CASE WHEN b.line THEN '' ELSE '[' END || g.positions || CASE WHEN b.line THEN '' ELSE ']' END
           || '}' AS geometry,
       g.min_lat, g.max_lat, g.min_lon, g.max_lon,
       -- A line's point is halfway along the rounded positions; a zone's, its centre.
       CASE WHEN b.line THEN (a.lat + ((b.n - 1) / 2.0 - (b.n - 1) / 2) * (coalesce(c.lat, a.lat) - a.lat))::float8
            ELSE b.latitude END AS latitude,
       CASE WHEN b.line THEN (a.lon + ((b.n - 1) / 2.0 - (b.n - 1) / 2) * (coalesce(c.lon, a.lon) - a.lon))::float8
            ELSE b.longitude END AS longitude
FROM bench_shape b
JOIN (SELECT id, '[' || string_agg('[' || lon || ',' || lat || ']', ',' ORDER BY i) || ']' AS positions,
             min(lat)::float8 AS min_lat, max(lat)::float8 AS max_lat, min(lon)::float8 AS min_lon,
             max(lon)::float8 AS max_lon
      FROM bench_shape_deg GROUP BY id) g ON g.id = b.id
LEFT JOIN bench_shape_deg a ON a.id = b.id AND a.i = (b.n - 1) / 2
LEFT JOIN bench_shape_deg c ON c.id = b.id AND c.i = (b.n - 1) / 2 + 1;
CREATE UNIQUE INDEX ON bench_geometry (id);

INSERT INTO fmq_report (id, title, description, category_code, latitude, longitude, accuracy_m, address, status,
                        author_id, author_name, vote_count, created_at, updated_at, version, assigned_to,
                        hidden, hidden_at, hidden_by, hidden_reason, merged_into,
                        geometry, geom_min_lat, geom_max_lat, geom_min_lon, geom_max_lon)
SELECT s.id,
       -- Title: the category's name in English (40 %) or the local language, and where.
       CASE WHEN s.r_lang < 0.4 THEN s.en || ' on ' ELSE s.local_name || ' – ' END || s.streets[1 + floor(s.r_street * array_length(s.streets, 1))::int],
       CASE WHEN s.r_text < 0.1 THEN NULL
            WHEN s.r_lang < 0.4 THEN
                 (ARRAY['Reported by a neighbour this morning.', 'It has been like this for weeks.',
                        'Dangerous for cyclists and children walking to school.', 'Please send someone quickly, it gets worse after the rain.',
                        'Several residents have already complained.', 'Near the bus stop, in front of the bakery.',
                        'The problem came back after last month''s repair.', 'Cars swerve to avoid it at night.'])[1 + floor(s.r_text * 8)::int]
                 || ' ' || s.en || ' in ' || s.city || '.'
            ELSE CASE s.lang
                 WHEN 'fr' THEN (ARRAY['Signalé par un voisin ce matin.', 'C''est comme ça depuis des semaines.',
                                       'Dangereux pour les cyclistes et les enfants qui vont à l''école.', 'Merci d''intervenir vite, c''est pire après la pluie.',
                                       'Plusieurs riverains se sont déjà plaints.', 'Près de l''arrêt de bus, devant la boulangerie.'])[1 + floor(s.r_text * 6)::int]
                 WHEN 'es' THEN (ARRAY['Lo ha avisado un vecino esta mañana.', 'Lleva así varias semanas.',
                                       'Peligroso para ciclistas y niños que van al colegio.', 'Por favor, vengan pronto, empeora con la lluvia.',
                                       'Varios vecinos ya se han quejado.', 'Junto a la parada del autobús, frente a la panadería.'])[1 + floor(s.r_text * 6)::int]
                 WHEN 'pt' THEN (ARRAY['Um vizinho avisou esta manhã.', 'Está assim há várias semanas.',
                                       'Perigoso para ciclistas e crianças a caminho da escola.', 'Por favor venham depressa, piora com a chuva.',
                                       'Vários moradores já se queixaram.', 'Perto da paragem do autocarro, em frente à padaria.'])[1 + floor(s.r_text * 6)::int]
                 ELSE (ARRAY['Ein Nachbar hat es heute Morgen gemeldet.', 'Das ist schon seit Wochen so.',
                             'Gefährlich für Radfahrer und Kinder auf dem Schulweg.', 'Bitte schnell kommen, nach dem Regen wird es schlimmer.',
                             'Mehrere Anwohner haben sich schon beschwert.', 'Bei der Bushaltestelle, gegenüber der Bäckerei.'])[1 + floor(s.r_text * 6)::int]
                 END || ' ' || s.local_name || ', ' || s.city || '.'
       END,
       s.code, coalesce(sg.latitude, s.latitude), coalesce(sg.longitude, s.longitude),
       round((3 + s.r_acc * 47)::numeric, 1)::float8,
       CASE WHEN s.r_acc < 0.7 THEN (1 + floor(s.r_street * 180)::int) || ' ' || s.streets[1 + floor(s.r_street * array_length(s.streets, 1))::int] || ', ' || s.city END,
       s.status, s.author_id,
       CASE WHEN s.author_id = 'anonymous' THEN 'Anonymous' ELSE 'Citizen ' || substr(s.author_id, 12) END,
       s.vote_count, s.created_at,
       CASE WHEN s.status = 'open' AND s.r_upd < 0.8 THEN s.created_at
            ELSE s.created_at + (now() - s.created_at) * (s.r_upd * s.r_upd * s.r_upd) END,
       0,
       CASE WHEN s.status = 'in_progress' THEN 'Public works' END,
       s.hidden,
       CASE WHEN s.hidden THEN s.created_at + interval '2 hours' END,
       CASE WHEN s.hidden THEN 'Bench Moderator' END,
       CASE WHEN s.hidden THEN 'spam' END,
       NULL,
       sg.geometry, sg.min_lat, sg.max_lat, sg.min_lon, sg.max_lon
FROM bench_src s
LEFT JOIN bench_geometry sg ON sg.id = s.id;

-- The first history row of every report: created open by its author.
INSERT INTO fmq_status_change (id, report_id, from_status, to_status, actor_id, actor_name, reason, changed_at, kind, detail)
SELECT translate(rtrim(encode(decode(md5(r.id || ':h1:' || random()), 'hex'), 'base64'), '='), '+/', '-_'),
       r.id, NULL, 'open', r.author_id, r.author_name, NULL, r.created_at, 'status', NULL
FROM fmq_report r;

-- Reports that moved on: one more row, open -> their status, by an operator, with a reason.
INSERT INTO fmq_status_change (id, report_id, from_status, to_status, actor_id, actor_name, reason, changed_at, kind, detail)
SELECT translate(rtrim(encode(decode(md5(r.id || ':h2:' || random()), 'hex'), 'base64'), '='), '+/', '-_'),
       r.id, 'open', r.status, 'bench-operator', 'Bench Operator',
       CASE r.status WHEN 'in_progress' THEN 'Crew scheduled' WHEN 'resolved' THEN 'Fixed'
                     WHEN 'duplicate' THEN 'Already reported' ELSE 'Not a public-space problem' END,
       r.updated_at, 'status', NULL
FROM fmq_report r
WHERE r.status <> 'open';

-- Reporters follow their own reports (anonymous visitors follow nothing).
INSERT INTO fmq_report_follow (report_id, user_id, created_at)
SELECT r.id, r.author_id, r.created_at FROM fmq_report r WHERE r.author_id <> 'anonymous';

COMMIT;

SELECT round(extract(epoch FROM clock_timestamp() - :'seed_started'::timestamptz)::numeric, 1) AS insert_seconds \gset
\echo 'seed: rows written in' :insert_seconds 's; vacuuming and analyzing'
-- VACUUM, not only ANALYZE: the search indexes (V11) answer from the index alone only for pages the
-- visibility map marks all-visible, which a bulk load leaves unmarked until autovacuum comes by.
VACUUM (ANALYZE) fmq_report;
ANALYZE fmq_status_change;
ANALYZE fmq_report_follow;
SELECT round(extract(epoch FROM clock_timestamp() - :'seed_started'::timestamptz)::numeric, 1) AS seed_seconds \gset
SELECT count(*) AS reports FROM fmq_report \gset
\echo 'seed: done,' :reports 'reports in' :seed_seconds 's (including VACUUM and ANALYZE)'
