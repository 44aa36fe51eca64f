// 内部视图的中文（www/content/inside.js 的翻译）：带有模型数字、或随模型种类变化的文字——查看的是哪张图像、
// 各层的形状、它的图放大到了哪里。固定的句子在 index.html（#inside-panel）里，由 page.js 翻译。

export default {
  inside: {
    testNumber: (last) => `测试图像编号（0 到 ${last}）`,
    // “测试数字 42（标签 7），告诉模型 y = 3”
    subject: ({ image, index, label, told }) =>
      (index === null ? '你的手绘' : `${image} ${index}${label === null ? '' : `（标签 ${label}）`}`) + (told === null ? '' : `，告诉模型 y = ${told}`),
    caption: ({ image, index, label }) => (index === null ? 'x：你的手绘' : `x：${image} ${index}${label === null ? '' : `，标签为 ${label}`}`),
    pick: { waiting: '点击图上的一个点……', idle: '在图上选取' },

    shape: (shape) => (shape.length === 3 ? `${shape[0]} 个特征图，${shape[1]}×${shape[2]}` : `${shape[0]} 个单元`),
    encoder: ({ mlp, conditional }) =>
      mlp
        ? '一个有 400 个单元的隐藏层：每个单元是全部 784 个像素的加权和，再经过 ReLU，这里显示为 20×20 的网格。蓝色越深，激活越大（每张图按它自己的最大值缩放）。'
        : '两个步幅为 2 的 3×3 卷积（各接一个 ReLU）把图像变成特征图，它们对笔画、边缘以及它们的排列有响应。蓝色越深，激活越大（每张图按它自己的最大值缩放）。' +
          (conditional ? '这个条件模型还被告知数字 y：y 的独热向量在最后一个线性层之前与那 2,304 个特征拼接在一起，所以 q(z|x, y) 只需要编码书写风格。' : ''),
    decoder: ({ mlp, conditional }) =>
      mlp
        ? '一个有 400 个单元的隐藏层（20×20 的网格）和一个线性层为每个像素给出一个 logit。sigmoid 把 logits 变成 p(x|z)，即每个像素有墨迹的概率。'
        : `一个线性层把${conditional ? ' z 和数字 y 的独热向量' : ' z '}投影成 32 个 7×7 的特征图；转置卷积把边长翻倍两次，先到 14×14，再到 28×28；最后一个转置卷积为每个像素给出一个 logit。sigmoid 把 logits 变成 p(x|z${conditional ? ', y' : ''})，即每个像素有墨迹的概率。`,

    mapLabel: {
      vae: '潜在空间图上的 q(z|x)：μ 周围的 1σ 和 2σ 椭圆，以及 z。拖动或用方向键移动 z（这会设定 ε）',
      autoencoder: '潜在空间图上的 z = encoder(x)：测试数字的编码之间的一个点（没有可拖动的东西：没有 ε）',
    },
    mapWords: ({ label, where }) => `${label}。${where}。`,
    mapView: ({ whole, extent }) => (whole ? `整张图，±${extent}` : `已放大：μ ± ${extent}（附近的测试数字显示为圆点）`),
    densities: ({ rows, dims }) => `先验 N(0, 1)，z 从 −4 到 4${dims > rows ? `（只显示 ${dims} 个维度中的前 ${rows} 个）` : ''}`,
    pictures: {
      x: ({ subject, inked }) => `x，输入图像：${subject}；784 个像素中有 ${inked} 个有墨迹（超过 ½）`,
      layer: ({ name, shape, map, value }) => `${name}：${shape}；最强的激活值为 ${value}，在第 ${map} 个特征图`,
      logits: ({ low, high }) => `解码器的 logits，蓝色为负，红色为正：从 ${low} 到 ${high}`,
      probabilities: ({ inked }) => `p(x|z)，每个像素有墨迹的概率：784 个像素中有 ${inked} 个更可能有墨迹`,
      cost: ({ total, row, column, most }) => `每个像素的二元交叉熵，颜色越深代价越高：共 ${total} 奈特；第 ${row} 行第 ${column} 列的像素代价最高，为 ${most}`,
      densities: ({ dims, furthest, rest, restKl }) =>
        `每个维度的 q(z|x) 与先验 N(0, 1) 的对比${dims > furthest.length ? `，先列出 ${dims} 个维度中离先验最远的 ${furthest.length} 个` : ''}：` +
        furthest.map(({ dim, mean, sigma, kl }) => `z${dim}：μ ${mean}，σ ${sigma}，KL ${kl} 奈特`).join('；') +
        (rest ? `；其余 ${rest} 个维度的 KL 都不超过 ${restKl} 奈特` : ''),
      where: ({ code, mean, z, plane, near }) =>
        `${code ? `编码 z 位于${plane ? '投影平面上的 ' : ' '}${z}` : `μ 位于${plane ? '投影平面上的 ' : ' '}${mean}，z 位于 ${z}`}${near ? `；${near}` : ''}`,
    },
    epsLabel: (k) => `第 ${k} 个维度的 ε`,
  },
};
