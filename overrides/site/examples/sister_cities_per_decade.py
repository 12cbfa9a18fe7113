# Sister cities per decade, per city (pandas). Run it in the folder of sister-cities.csv.
import pandas as pd

df = pd.read_csv("sister-cities.csv", encoding="utf-8-sig", dtype={"established": "string"})
df = df[df["relation"] == "sister-city"]
# `established` is ISO 8601 at the source's precision (YYYY, YYYY-MM or YYYY-MM-DD):
# its first four characters are the year.
df["decade"] = df["established"].str[:4].astype("Int64") // 10 * 10
per_decade = df.pivot_table(index="decade", columns="city", values="id", aggfunc="count", fill_value=0)
print(per_decade)
