# Consular posts open today, per city and decade of opening (R: readr + dplyr).
library(readr)
library(dplyr)

consulates <- read_csv("consulates.csv", col_types = cols(.default = col_character()))
consulates |>
  filter(status == "open") |>
  # `opened` is ISO 8601 at the source's precision: the first four characters are the year.
  mutate(decade = as.integer(substr(opened, 1, 4)) %/% 10 * 10) |>
  count(city, decade)
