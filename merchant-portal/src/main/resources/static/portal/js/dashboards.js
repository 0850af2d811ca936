// Draws each dashboard chart with ECharts from its JSON (the server's aggregate, the same
// table the page shows), then folds the table under the chart. Without script, or when a
// chart cannot be drawn, the table stays open.
(() => {
  const figures = document.querySelectorAll('.dashboards .chart[data-src]');
  if (!window.echarts || figures.length === 0) {
    return;
  }
  const palette = ['#2f6f4f', '#6c9a3b', '#c0392b', '#7f8c8d', '#8e44ad', '#d68910', '#2471a3', '#5d6d7e'];

  function stacked(data) {
    // a row per day; columns: day, series..., total (not drawn)
    const names = data.columns.slice(1, data.columns.length - 1);
    return {
      color: palette,
      tooltip: { trigger: 'axis', renderMode: 'richText' },
      legend: { top: 0, type: 'scroll' },
      grid: { left: 48, right: 16, top: 40, bottom: 32 },
      xAxis: { type: 'category', data: data.rows.map((r) => r[0]) },
      yAxis: { type: 'value', minInterval: 1 },
      series: names.map((name, i) => ({
        name, type: 'bar', stack: 'all', data: data.rows.map((r) => r[i + 1]),
      })),
    };
  }

  function bars(data, category, value) {
    const rows = data.rows.slice(0, 20).reverse();
    return {
      color: palette,
      tooltip: { trigger: 'axis', renderMode: 'richText' },
      grid: { left: 8, right: 24, top: 8, bottom: 24, containLabel: true },
      xAxis: { type: 'value' },
      yAxis: {
        type: 'category',
        axisLabel: { width: 260, overflow: 'truncate' },
        data: rows.map((r) => category.map((c) => r[c]).join(' ') || '?'),
      },
      series: [{ name: data.columns[value], type: 'bar', data: rows.map((r) => r[value]) }],
    };
  }

  // scans by country on the world map: regions (CN-31, US) summed by their country
  function map(data) {
    const countries = {};
    data.rows.forEach((r) => {
      const country = String(r[0]).split('-')[0];
      if (/^[A-Z]{2}$/.test(country)) {
        countries[country] = (countries[country] || 0) + r[1];
      }
    });
    const values = Object.keys(countries).map((name) => ({ name, value: countries[name] }));
    return {
      tooltip: { trigger: 'item', renderMode: 'richText' },
      visualMap: {
        min: 0, max: Math.max(1, ...values.map((v) => v.value)), left: 8, bottom: 8, calculable: true,
        inRange: { color: ['#e8f3ec', '#2f6f4f'] },
      },
      series: [{
        name: data.columns[1], type: 'map', map: 'veritrace-world', roam: true, data: values,
        itemStyle: { areaColor: '#f4f6f6', borderColor: '#aab7b8' }, emphasis: { label: { show: false } },
      }],
    };
  }

  function json(url) {
    return fetch(url, { headers: { Accept: 'application/json' }, credentials: 'same-origin' })
      .then((response) => (response.ok ? response.json() : Promise.reject(response.status)));
  }

  let world = null;
  function worldMap(url) {
    if (!world) {
      world = json(url).then((geo) => window.echarts.registerMap('veritrace-world', geo));
    }
    return world;
  }

  figures.forEach((figure) => {
    const geo = figure.dataset.geo ? worldMap(figure.dataset.geo) : Promise.resolve();
    Promise.all([json(figure.dataset.src), geo])
      .then(([data]) => {
        const category = figure.dataset.category.split(',').map(Number);
        let option;
        if (figure.dataset.kind === 'map') {
          option = map(data);
        } else if (figure.dataset.kind === 'days') {
          option = stacked(data);
        } else {
          option = bars(data, category, Number(figure.dataset.value));
        }
        figure.classList.add(`chart-${figure.dataset.kind}`);
        // canvas, not SVG: the SVG renderer styles its text with style attributes, which the
        // page's CSP (style-src 'self') refuses, and its labels then overlap
        const chart = window.echarts.init(figure, null, { renderer: 'canvas' });
        chart.setOption(option);
        figure.dataset.drawn = 'true';
        window.addEventListener('resize', () => chart.resize());
        const table = figure.parentElement.querySelector('details.dash-table');
        if (table) {
          table.open = false;
        }
      })
      .catch(() => {
        figure.dataset.drawn = 'failed';
      });
  });
})();
