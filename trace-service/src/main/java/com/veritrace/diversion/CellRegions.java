package com.veritrace.diversion;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

import org.jspecify.annotations.Nullable;

/**
 * A phone's cell ({@code "31.2,121.5"}, one decimal) to a region, coarsely: the region of
 * the nearest city in a small table of China's provincial capitals and a few other cities
 * of each province, and of capitals and large cities of China's neighbours and of major
 * markets elsewhere (coordinates rounded to 0.1°, written for this project from the
 * cities' public coordinates: facts, no licensed data set). It answers a region only when
 * the nearest city is within {@link #MAX_KM} and clearly nearer than any city of another
 * region (by {@link #MARGIN}); when two regions of one country are about as near, it
 * answers the country; otherwise nothing. Limits: near a border it answers the country or
 * nothing rather than guess; far from every listed city (oceans, most of Africa and South
 * America, sparse parts of Russia) it answers nothing; it never answers a country that is
 * not in the table. Plain Java, no state beyond the table.
 */
final class CellRegions {

	static final double MAX_KM = 500;

	static final double MARGIN = 1.5;

	private static final Pattern CELL = Pattern.compile("(-?\\d{1,3}\\.\\d),(-?\\d{1,3}\\.\\d)");

	private static final String TABLE = """
			CN-11 39.9 116.4 | CN-12 39.1 117.2
			CN-13 38.0 114.5 | CN-13 39.6 118.2 | CN-13 38.9 115.5 | CN-13 36.6 114.5 | CN-13 40.8 114.9
			CN-14 37.9 112.6 | CN-14 40.1 113.3 | CN-14 36.2 113.1
			CN-15 40.8 111.7 | CN-15 40.7 110.0 | CN-15 49.2 119.7 | CN-15 42.3 118.9 | CN-15 39.6 109.8 | CN-15 43.6 122.3
			CN-21 41.8 123.4 | CN-21 38.9 121.6 | CN-21 40.1 124.4 | CN-21 41.1 121.1
			CN-22 43.9 125.3 | CN-22 43.8 126.6 | CN-22 42.9 129.5
			CN-23 45.8 126.6 | CN-23 47.3 123.9 | CN-23 44.6 129.6 | CN-23 46.8 130.4
			CN-31 31.2 121.5
			CN-32 32.1 118.8 | CN-32 31.3 120.6 | CN-32 34.3 117.2 | CN-32 32.0 120.9 | CN-32 33.4 120.2 | CN-32 31.6 120.3
			CN-33 30.3 120.2 | CN-33 29.9 121.6 | CN-33 28.0 120.7 | CN-33 29.1 119.6
			CN-34 31.8 117.3 | CN-34 31.3 118.4 | CN-34 32.9 117.4 | CN-34 30.5 117.0 | CN-34 32.9 115.8
			CN-35 26.1 119.3 | CN-35 24.5 118.1 | CN-35 24.9 118.6 | CN-35 26.6 118.2
			CN-36 28.7 115.9 | CN-36 25.8 114.9 | CN-36 29.7 116.0 | CN-36 28.5 117.9
			CN-37 36.7 117.0 | CN-37 36.1 120.4 | CN-37 37.5 121.4 | CN-37 35.1 118.4 | CN-37 35.2 115.5
			CN-41 34.7 113.6 | CN-41 34.6 112.5 | CN-41 33.0 112.5 | CN-41 32.1 114.1 | CN-41 36.1 114.4 | CN-41 34.4 115.7
			CN-42 30.6 114.3 | CN-42 30.7 111.3 | CN-42 32.0 112.1 | CN-42 32.6 110.8 | CN-42 30.3 109.5
			CN-43 28.2 112.9 | CN-43 26.9 112.6 | CN-43 29.0 111.7 | CN-43 27.6 110.0 | CN-43 25.8 113.0
			CN-44 23.1 113.3 | CN-44 22.5 114.1 | CN-44 23.4 116.7 | CN-44 21.3 110.4 | CN-44 24.8 113.6 | CN-44 24.3 116.1
			CN-45 22.8 108.4 | CN-45 25.3 110.3 | CN-45 24.3 109.4 | CN-45 21.5 109.1 | CN-45 23.9 106.6
			CN-46 20.0 110.3 | CN-46 18.3 109.5
			CN-50 29.6 106.5 | CN-50 30.8 108.4
			CN-51 30.7 104.1 | CN-51 31.5 104.7 | CN-51 30.8 106.1 | CN-51 28.8 104.6 | CN-51 27.9 102.3 | CN-51 30.0 102.0
			CN-52 26.6 106.7 | CN-52 27.7 106.9 | CN-52 26.6 104.8 | CN-52 26.6 108.0
			CN-53 25.0 102.7 | CN-53 25.6 100.2 | CN-53 26.9 100.2 | CN-53 25.5 103.8 | CN-53 22.0 100.8 | CN-53 27.3 103.7
			CN-54 29.7 91.1 | CN-54 29.3 88.9 | CN-54 29.6 94.4 | CN-54 31.1 97.2 | CN-54 32.5 80.1 | CN-54 31.5 92.1
			CN-61 34.3 108.9 | CN-61 38.3 109.7 | CN-61 33.1 107.0 | CN-61 34.4 107.2 | CN-61 36.6 109.5
			CN-62 36.1 103.8 | CN-62 34.6 105.7 | CN-62 39.7 98.5 | CN-62 38.9 100.5 | CN-62 35.7 107.6
			CN-63 36.6 101.8 | CN-63 36.4 94.9 | CN-63 33.0 97.0 | CN-63 37.4 97.4
			CN-64 38.5 106.3 | CN-64 36.0 106.2
			CN-65 43.8 87.6 | CN-65 39.5 76.0 | CN-65 37.1 79.9 | CN-65 41.2 80.3 | CN-65 42.8 93.5 | CN-65 41.7 86.2
			CN-65 43.9 81.3 | CN-65 47.8 88.1 | CN-65 45.6 84.9
			TW 25.0 121.5 | TW 22.6 120.3 | TW 24.1 120.7 | HK 22.3 114.2 | MO 22.2 113.5
			MN 47.9 106.9 | KP 39.0 125.8 | KR 37.6 127.0 | KR 35.2 129.1
			JP 35.7 139.7 | JP 34.7 135.5 | JP 33.6 130.4 | JP 43.1 141.4
			RU 43.1 131.9 | RU 48.5 135.1 | RU 52.3 104.3 | RU 55.0 82.9 | RU 55.8 37.6 | RU 59.9 30.3 | RU 52.0 113.5
			RU 50.3 127.5 | KZ 51.2 71.4 | KZ 43.2 76.9 | KG 42.9 74.6 | TJ 38.6 68.8 | AF 34.5 69.2
			PK 33.7 73.1 | PK 24.9 67.0 | PK 31.5 74.3 | IN 28.6 77.2 | IN 19.1 72.9 | IN 22.6 88.4 | IN 13.0 77.6
			IN 13.1 80.3 | NP 27.7 85.3 | BT 27.5 89.6 | BD 23.8 90.4
			MM 16.8 96.2 | MM 19.8 96.1 | MM 22.0 96.1 | MM 25.4 97.4 | LA 18.0 102.6 | LA 19.9 102.1
			VN 21.0 105.8 | VN 10.8 106.7 | VN 16.1 108.2 | TH 13.8 100.5 | TH 18.8 99.0 | KH 11.6 104.9
			MY 3.1 101.7 | SG 1.3 103.8 | ID -6.2 106.8 | PH 14.6 121.0
			AU -33.9 151.2 | AU -37.8 145.0 | AU -32.0 115.9 | NZ -36.8 174.8
			US 40.7 -74.0 | US 34.1 -118.2 | US 41.9 -87.6 | US 29.8 -95.4 | US 37.8 -122.4 | US 47.6 -122.3
			US 25.8 -80.2 | US 38.9 -77.0 | CA 43.7 -79.4 | CA 49.3 -123.1 | CA 45.5 -73.6
			GB 51.5 -0.1 | FR 48.9 2.4 | FR 45.8 4.8 | DE 52.5 13.4 | DE 48.1 11.6 | DE 50.1 8.7 | DE 53.6 10.0
			DE 50.9 7.0 | NL 52.4 4.9 | BE 50.8 4.4 | CH 47.4 8.5 | AT 48.2 16.4 | IT 41.9 12.5 | IT 45.5 9.2
			ES 40.4 -3.7 | ES 41.4 2.2 | PL 52.2 21.0 | AE 25.2 55.3 | SA 24.7 46.7 | TR 41.0 29.0
			BR -23.6 -46.6 | MX 19.4 -99.1 | ZA -26.2 28.0 | EG 30.0 31.2
			""";

	private record City(String region, double lat, double lon) {
	}

	private final List<City> cities;

	CellRegions() {
		List<City> list = new ArrayList<>();
		for (String entry : TABLE.split("[|\\n]")) {
			String[] f = entry.strip().split(" ");
			if (f.length == 3) {
				list.add(new City(f[0], Double.parseDouble(f[1]), Double.parseDouble(f[2])));
			}
		}
		this.cities = List.copyOf(list);
	}

	/** How many cities the table has. */
	int size() {
		return this.cities.size();
	}

	/** The region of a cell, or null when the table cannot tell it. */
	@Nullable String region(@Nullable String cell) {
		if (cell == null) {
			return null;
		}
		var m = CELL.matcher(cell.strip());
		if (!m.matches()) {
			return null;
		}
		double lat = new BigDecimal(m.group(1)).doubleValue();
		double lon = new BigDecimal(m.group(2)).doubleValue();
		if (Math.abs(lat) > 90 || Math.abs(lon) > 180) {
			return null;
		}
		double[] distances = new double[this.cities.size()];
		double cosLat = Math.cos(Math.toRadians(lat));
		int nearest = -1;
		for (int i = 0; i < distances.length; i++) {
			City c = this.cities.get(i);
			distances[i] = approximateKm(lat, lon, cosLat, c.lat(), c.lon());
			if (nearest < 0 || distances[i] < distances[nearest]) {
				nearest = i;
			}
		}
		if (nearest < 0 || distances[nearest] > MAX_KM) {
			return null;
		}
		String region = this.cities.get(nearest).region();
		String answer = region;
		double margin = Math.max(distances[nearest], 1) * MARGIN;
		for (int i = 0; i < distances.length; i++) {
			String other = this.cities.get(i).region();
			if (distances[i] <= margin && !other.equals(region)) {
				if (!Regions.country(other).equals(Regions.country(region))) {
					return null;
				}
				answer = Regions.country(region);
			}
		}
		return answer;
	}

	/**
	 * Distance in km on the equirectangular projection at the cell's latitude: within 1 %
	 * of the great circle at the few hundred km that matter here (less good near the
	 * poles, where the table has no cities), and one cosine per look-up.
	 */
	static double approximateKm(double lat1, double lon1, double cosLat1, double lat2, double lon2) {
		double dLon = Math.abs(lon2 - lon1);
		if (dLon > 180) {
			dLon = 360 - dLon;
		}
		double x = dLon * cosLat1;
		double y = lat2 - lat1;
		return KM_PER_DEGREE * Math.sqrt(x * x + y * y);
	}

	private static final double KM_PER_DEGREE = 6371.0 * Math.PI / 180;

	/** Great-circle distance in km (haversine, mean Earth radius). */
	static double km(double lat1, double lon1, double lat2, double lon2) {
		double p1 = Math.toRadians(lat1);
		double p2 = Math.toRadians(lat2);
		double dp = p2 - p1;
		double dl = Math.toRadians(lon2 - lon1);
		double a = Math.sin(dp / 2) * Math.sin(dp / 2)
				+ Math.cos(p1) * Math.cos(p2) * Math.sin(dl / 2) * Math.sin(dl / 2);
		return 2 * 6371.0 * Math.asin(Math.min(1, Math.sqrt(a)));
	}

}
