-- Which provinces lie in the most consular districts of open posts, and of which countries?
-- sqlite3 cities.sqlite < provinces_in_consular_districts.sql
SELECT p."name.en" AS province,
       count(*) AS posts,
       group_concat(c.country, ' ') AS countries
FROM "consulates-district" AS d
JOIN provinces AS p ON p.id = d.district
JOIN consulates AS c ON c.city = d.city AND c.id = d.id
WHERE c.status = 'open'
GROUP BY p.id
ORDER BY posts DESC, province
LIMIT 10;
