// The package ships no types; this covers the part the tests read.
declare module 'parse-prometheus-text-format' {
	interface PrometheusSample {
		value?: string;
		labels?: Record<string, string>;
		buckets?: Record<string, string>;
		count?: string;
		sum?: string;
	}
	interface PrometheusMetricFamily {
		name: string;
		help: string;
		type: string;
		metrics: PrometheusSample[];
	}
	function parsePrometheusTextFormat(text: string): PrometheusMetricFamily[];
	export = parsePrometheusTextFormat;
}
