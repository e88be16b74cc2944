import ops

# 40 nested lists: well within the budget.
TABLE = [[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[1]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]


class C(ops.CharmBase):
    def __init__(self, framework):
        super().__init__(framework)
