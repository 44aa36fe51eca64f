// 读屏软件读出的话和键盘操作说明的中文（www/content/accessibility.js 的翻译）：画布的替代文字、
// 结果出来时的播报、滑块的值（“z₁ = 0.50”）、潜在空间图的键盘说明，以及手绘面板里的测试数字
// 输入框和它的拒绝理由。数字作为参数传进来，已经格式化好。读出来的句子要短、自然。

const SUBSCRIPTS = '₀₁₂₃₄₅₆₇₈₉';
/** z₁、z₂……z₁₆：一个潜在维度的名字（`dim` 从 1 数起）。 */
const zName = (dim) => `z${String(dim).replace(/\d/g, (digit) => SUBSCRIPTS[digit])}`;
/** 用文字说出一个点：它的坐标，维度多时只说前几个。 */
const point = (values) => (values.length <= 4 ? `(${values.join(', ')})` : `(${values.slice(0, 4).join(', ')}, … 共 ${values.length} 个值)`);
/** 笔画数：“一笔”“3 笔”。 */
const strokeCount = (count) => (count === 1 ? '一笔' : `${count} 笔`);

export default {
  accessibility: {
    // ------------------------------------------------------------ 把测试数字放进画板
    testDigit: {
      group: '不用鼠标、触屏或手写笔？把一个测试数字放进画板',
      field: '测试数字',
      use: '使用测试数字',
      random: '随机测试数字',
      // 输入框的拒绝理由：输入的不是测试集范围内的整数
      refused: ({ field, typed, max }) => `${field}：“${typed}”不是 0 到 ${max} 之间的整数。`,
      empty: ({ field, max }) => `${field}：请输入 0 到 ${max} 之间的整数。`,
      notANumber: ({ field, max }) => `${field}：输入的不是一个数；请输入 0 到 ${max} 之间的整数。`,
    },

    // ------------------------------------------------------------ 手绘面板的画布
    pad: {
      empty: '画板：空的。用鼠标、触屏或手写笔画一个数字，或者把一个测试数字放进来（见下方）',
      strokes: (count) => `画板：你的手绘，${strokeCount(count)}`,
      image: ({ subject, strokes }) => `画板：${subject}${strokes ? `，上面有你画的${strokes === 1 ? '一笔' : ` ${strokes} 笔`}` : ''}`,
    },
    // “测试数字 123（标签 7）”；测试集没有标签时 `label` 为 null
    testSubject: ({ noun, index, label }) => `${noun} ${index}${label === null ? '' : `（标签 ${label}）`}`,
    fileSubject: (name) => `图像“${name}”`,
    yourDrawing: '你的手绘',
    input: {
      empty: '模型看到的：还没有内容',
      shown: ({ inked }) => `模型看到的：画板变成 28×28 的输入，裁剪到墨迹范围、缩放并居中；784 个像素中有 ${inked} 个有墨迹`,
    },
    reconstruction: {
      empty: '重构：还没有画任何东西',
      // `reads`：条件模型读出的结果（“看起来像 3……”），其他模型为 null
      vae: ({ reads, elbo, verdict }) => `重构：${reads ? `${reads}，` : ''}ELBO ${elbo} 奈特，${verdict}`,
      autoencoder: ({ reconstruction }) => `重构：重构项 ${reconstruction} 奈特（越低越好；自编码器没有 ELBO）`,
      reads: ({ label, p }) => `看起来像 ${label}（p(y|x) = ${p}）`,
      chosen: ({ label, read }) => `按你选的 ${label} 编码（模型读出的是 ${read}）`,
    },
    // 结果不再变化后播报一次：画板里是什么，模型怎么看它
    summary: ({ subject, result }) => `${subject}。${result}`,

    // ------------------------------------------------------------ 潜在空间面板
    slider: {
      name: (dim) => `潜在维度 ${dim}`,
      value: ({ dim, value }) => `${zName(dim)} = ${value}`,
    },
    sliderView: (values) => `由滑块解码，z = ${point(values)}`,
    sliderDigits: (values) => `滑块给出的风格 z = ${point(values)}，写成从 0 到 9 的每一个数字`,
    map: {
      label: '潜在空间图：按类别显示的测试数字；点击或拖动来解码一个点',
      noLabels: '测试图像（没有标签）',
      // 键名用中文（上档键、回车键）：这段文字在页面上，页面的中文里不留英文词
      keys: '方向键移动点（叉号）并解码；按住上档键，每次移动五倍的距离。',
      picking: '正在为内部视图选取测试数字：按回车键选取离点最近的那个。',
      loading: '测试数字还在编码中。',
      // 点的位置：潜在维度为 2 时就是 z，更高时是图的投影平面上的坐标
      at: ({ x, y, plane }) => (plane ? `投影平面上的 (${x}, ${y})` : `z = (${x}, ${y})`),
      near: (labels) => (labels.length ? `图上最近的测试数字：${labels.join('、')}` : '测试图像没有标签'),
      point: ({ at, near }) => `点的位置：${at}；${near}。`,
      // 画板里的图像（手绘或测试数字）的后验：均值 μ，自编码器则是编码
      drawing: ({ at, near, code }) => `画板中图像的${code ? '编码' : '均值 μ'}：${at}；${near}。`,
      pointAtDrawing: ({ at, near, code }) => `点在画板中图像的${code ? '编码上' : '均值 μ 上'}：${at}；${near}。`,
    },

    // ------------------------------------------------------------ 样本、插值、去噪
    samples: {
      // `draw`：面板第几次采样；`ink`：这些图像的墨迹（见下面的 ink）
      vae: ({ count, columns, draw, ink }) => `${count} 个先验样本：从 N(0, I) 中采样 z 再解码，每行 ${columns} 个；第 ${draw} 次采样：${ink}`,
      conditional: ({ columns, draw, ink }) =>
        `每个数字 ${columns} 个样本，从 0 到 9 每个数字一行：从 N(0, I) 中采样 z，写成那个数字；第 ${draw} 次采样：${ink}`,
      autoencoder: ({ count, columns, draw, ink }) =>
        `从 N(0, I) 中采样 z 解码出的 ${count} 张图像，每行 ${columns} 张：自编码器没有先验，所以很多 z 落在没有编码的地方；第 ${draw} 次采样：${ink}`,
    },
    // 生成图像的墨迹：每张图像中更可能有墨迹的像素数，最少、典型（中位数）和最多
    ink: ({ low, typical, high }) => `每张图像的 784 个像素中有 ${low} 到 ${high} 个更可能有墨迹，典型的是 ${typical} 个`,
    interpolation: {
      waiting: '插值：把一张手绘用作 A、另一张用作 B，就能看到它们之间的图像',
      shown: ({ steps }) => `插值：沿着从手绘 A 的编码到手绘 B 的编码的直线，解码出 ${steps} 张图像`,
    },
    noisy: ({ noise, inked }) => `加了噪声的手绘：每个像素以 ${noise} 的概率换成随机的灰度；784 个像素中有 ${inked} 个有墨迹（超过 ½）`,
    denoised: ({ noise, inked, agree }) =>
      `噪声为 ${noise} 的手绘的重构：784 个像素中有 ${inked} 个更可能有墨迹；它与画板中的图像在 784 个像素中的 ${agree} 个上一致（有无墨迹）`,
    noise: (noise) => `${noise}：每个像素以 ${noise} 的概率被替换`,

    // ------------------------------------------------------------ 流形
    manifold: {
      shown: ({ side, extent, plane, digit, regions }) =>
        `流形：在${plane}上从 −${extent} 到 ${extent} 的网格中解码出的 ${side} × ${side} 张图像${digit === null ? '' : `，写成数字 ${digit}`}` +
        (regions ? `；潜在空间图上离网格各部分最近的测试数字：${regions}` : ''),
      axes: ({ x, y }) => ` z${x}（从左到右）和 z${y}（从下到上）构成的平面`,
      principal: '测试数字均值的主成分平面（与潜在空间图相同）',
      parts: ['左上', '上', '右上', '左', '中', '右', '左下', '下', '右下'],
      region: ({ part, label }) => `${part} ${label}`,
      regions: (rows) => rows.map((row) => row.join('，')).join('；'),
    },

    // 还没有东西可显示的图（模型还在计算，或者还没画任何东西）
    notDrawnYet: '还没有显示内容',
  },
};
