// A question bank note in the style of real collections (`###` questions with
// their answers, an elliptical `原理` under its topic), shared by the tests of
// cards found in several notes.
export const BANK = `# Attention 题库

### 为什么要除以根号 dk？

点积的方差随维度增大，softmax 会饱和。

### 什么是 GQA？

分组共享 KV，介于 MHA 与 MQA 之间。

### FlashAttention

#### 原理

分块计算，减少 HBM 读写。
`;
