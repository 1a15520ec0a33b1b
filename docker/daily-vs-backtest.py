#!/usr/bin/env python3
"""Compares the final daily points a running engine serves with a backtest's CSV of the same history.

    daily-vs-backtest.py API_URL VELOCITY_CSV LAST_DATE
    daily-vs-backtest.py --final-through API_URL      the last date every team has a final daily point of

Every team's final daily points from /api/teams/{team}/daily, up to LAST_DATE (ISO, included), must be rows of
VELOCITY_CSV (`velocity backtest --out`) with the same counts and the same figures (to the CSV's rounding), and
every row of the CSV in that range must be served. Prints the days compared; exits 1 with the differences.
"""
import csv
import json
import sys
import urllib.parse
import urllib.request

COUNTS = {"pipelineCount": "pipeline_count", "wonCount": "won_count", "lostCount": "lost_count"}
FIGURES = {"velocityPerDay": "velocity_per_day", "avgDealSize": "avg_deal_size", "winRate": "win_rate",
           "avgCycleDays": "avg_cycle_days"}


def get(url):
    with urllib.request.urlopen(url, timeout=30) as response:
        return json.load(response)


def same_figure(live, expected):
    if expected in ("", None):
        return live is None
    if live is None:
        return False
    # the CSV is rounded; the API gives the double the engine published
    decimals = len(expected.split(".")[1]) if "." in expected else 0
    return abs(float(live) - float(expected)) <= 0.5 * 10 ** -decimals + 1e-9 * abs(float(expected))


def main(api, csv_path, last_date):
    expected = {}
    with open(csv_path, newline="") as f:
        for row in csv.DictReader(f):
            if row["date"] <= last_date:
                expected[(row["team"], row["date"])] = row
    teams = [t["teamId"] for t in get(api + "/api/teams")["teams"]]
    compared, differences, served = 0, [], set()
    for team in teams:
        query = urllib.parse.urlencode({"to": last_date})
        for day in get(f"{api}/api/teams/{urllib.parse.quote(team)}/daily?{query}")["days"]:
            key = (team, day["date"])
            served.add(key)
            row = expected.get(key)
            if row is None:
                differences.append(f"{team} {day['date']}: served, but not in the backtest")
                continue
            compared += 1
            for field, column in COUNTS.items():
                if int(day[field]) != int(row[column]):
                    differences.append(f"{team} {day['date']} {field}: served {day[field]}, backtest {row[column]}")
            for field, column in FIGURES.items():
                if not same_figure(day.get(field), row[column]):
                    differences.append(f"{team} {day['date']} {field}: served {day.get(field)}, backtest {row[column]}")
    first_served = {}
    for team, date in served:
        first_served[team] = min(date, first_served.get(team, date))
    for key in sorted(expected):
        # from each team's first final day on: the engine publishes a team's days from its first event
        if key not in served and key[0] in first_served and key[1] >= first_served[key[0]]:
            differences.append(f"{key[0]} {key[1]}: in the backtest, not served")
    print(f"  {compared} final daily points of {len(teams)} teams through {last_date} compared with the backtest: "
          f"{len(differences)} differences")
    for d in differences[:20]:
        print("   ", d)
    return 1 if differences or compared == 0 else 0


def final_through(api):
    lasts = []
    for team in get(api + "/api/teams")["teams"]:
        days = get(f"{api}/api/teams/{urllib.parse.quote(team['teamId'])}/daily")["days"]
        if not days:
            return None
        lasts.append(max(d["date"] for d in days))
    return min(lasts) if lasts else None


if __name__ == "__main__":
    if sys.argv[1] == "--final-through":
        print(final_through(sys.argv[2]) or "")
        sys.exit(0)
    sys.exit(main(*sys.argv[1:]))
