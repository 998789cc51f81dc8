// A horizontal bar chart drawn by hand in SVG (no script, no CDN): one row per category, one bar per series, a value
// axis with ticks, and the same numbers as a table under it for screen readers and for copying. hono/jsx escapes
// every label.

export interface ChartSeries {
  name: string;
  /** One value per category; null when there is none (drawn as no bar, shown as "—" in the table). */
  values: (number | null)[];
}

export interface BarChartProps {
  id: string;
  title: string;
  /** Heads the categories' column in the table. */
  categoryLabel: string;
  categories: string[];
  series: ChartSeries[];
  /** The axis' top; the largest value (rounded up) when absent. */
  max?: number;
  format?: (value: number) => string;
}

const WIDTH = 480;
const LABEL_WIDTH = 150;
const BAR_HEIGHT = 16;
const ROW_GAP = 8;
const AXIS_HEIGHT = 28;
/** Room right of the longest bar for its value. */
const RIGHT_MARGIN = 44;
const COLORS = ['#1d4e89', '#e07a1f', '#3c8d2f', '#8e3b8e'];

/** A category as the chart labels it: short enough for its column (the table below has it in full). */
const MAX_LABEL = 21;
const short = (label: string) => (label.length > MAX_LABEL ? `${label.slice(0, MAX_LABEL - 1)}…` : label);

/** A round axis top and its ticks: 1, 2 or 5 times a power of ten per step, about four steps. */
export function axisTicks(max: number): number[] {
  if (max <= 0) return [0, 1];
  const rough = max / 4;
  const power = 10 ** Math.floor(Math.log10(rough));
  const step = [1, 2, 5, 10].map((m) => m * power).find((s) => s >= rough)!;
  const top = Math.ceil(max / step) * step;
  return Array.from({ length: Math.round(top / step) + 1 }, (_, i) => i * step);
}

export function BarChart(props: BarChartProps) {
  const format = props.format ?? String;
  const values = props.series.flatMap((s) => s.values).filter((v): v is number => v !== null);
  const ticks = props.max === undefined ? axisTicks(Math.max(0, ...values)) : axisTicks(props.max);
  const top = ticks.at(-1)!;
  const plot = WIDTH - LABEL_WIDTH - RIGHT_MARGIN;
  const x = (value: number) => LABEL_WIDTH + (plot * value) / top;
  const rowHeight = props.series.length * BAR_HEIGHT + ROW_GAP;
  const height = props.categories.length * rowHeight + AXIS_HEIGHT + (props.series.length > 1 ? 20 : 0);
  const axisY = props.categories.length * rowHeight;
  const titleId = `${props.id}-title`;
  return (
    <figure class="chart" aria-labelledby={titleId}>
      <figcaption id={titleId}>{props.title}</figcaption>
      <svg viewBox={`0 0 ${WIDTH} ${height}`} role="img" aria-labelledby={titleId} width="100%">
        <title>{props.title}</title>
        {ticks.map((tick) => (
          <g>
            <line x1={x(tick)} x2={x(tick)} y1={0} y2={axisY} stroke="#d0d4da" />
            <text x={x(tick)} y={axisY + 16} text-anchor="middle" font-size="12">
              {format(tick)}
            </text>
          </g>
        ))}
        <line x1={LABEL_WIDTH} x2={LABEL_WIDTH} y1={0} y2={axisY} stroke="#333" />
        <line x1={LABEL_WIDTH} x2={WIDTH - RIGHT_MARGIN} y1={axisY} y2={axisY} stroke="#333" />
        {props.categories.map((category, row) => (
          <g>
            <text x={LABEL_WIDTH - 8} y={row * rowHeight + rowHeight / 2 + 2} text-anchor="end" font-size="12">
              {short(category)}
            </text>
            {props.series.map((series, i) => {
              const value = series.values[row] ?? null;
              if (value === null) return null;
              const y = row * rowHeight + ROW_GAP / 2 + i * BAR_HEIGHT;
              return (
                <g>
                  <rect
                    x={LABEL_WIDTH}
                    y={y}
                    width={Math.max(0, x(value) - LABEL_WIDTH)}
                    height={BAR_HEIGHT - 2}
                    fill={COLORS[i % COLORS.length]}
                  />
                  <text x={x(value) + 4} y={y + BAR_HEIGHT - 4} font-size="12">
                    {format(value)}
                  </text>
                </g>
              );
            })}
          </g>
        ))}
        {props.series.length > 1 &&
          props.series.map((series, i) => (
            <g>
              <rect x={LABEL_WIDTH + i * 120} y={height - 14} width={10} height={10} fill={COLORS[i % COLORS.length]} />
              <text x={LABEL_WIDTH + i * 120 + 14} y={height - 5} font-size="12">
                {series.name}
              </text>
            </g>
          ))}
      </svg>
      <table>
        <caption>{props.title}</caption>
        <thead>
          <tr>
            <th scope="col">{props.categoryLabel}</th>
            {props.series.map((series) => (
              <th scope="col">{series.name}</th>
            ))}
          </tr>
        </thead>
        <tbody>
          {props.categories.map((category, row) => (
            <tr>
              <th scope="row">{category}</th>
              {props.series.map((series) => {
                const value = series.values[row] ?? null;
                return <td>{value === null ? '—' : format(value)}</td>;
              })}
            </tr>
          ))}
        </tbody>
      </table>
    </figure>
  );
}
