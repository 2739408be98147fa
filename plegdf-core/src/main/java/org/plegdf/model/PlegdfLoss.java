package org.plegdf.model;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDArrays;
import ai.djl.ndarray.NDList;
import ai.djl.training.loss.Loss;

/**
 * The training loss of spec section 4e:
 * SmoothL1(y_hat, y) + lambda_aux (SmoothL1(y_g, y) + SmoothL1(y_l, y)) + lambda_cons MSE(y_g, y_l).
 * When the network has no auxiliary heads (no-fglscf, backbone-only) it is SmoothL1(y_hat, y) alone.
 * SmoothL1 uses PyTorch's default beta = 1; every term is a mean over the batch.
 */
public final class PlegdfLoss extends Loss {
    private final float lambdaAux;
    private final float lambdaCons;

    /** @param config supplies lambda_aux and lambda_cons */
    public PlegdfLoss(ModelConfig config) {
        super("PlegdfLoss");
        this.lambdaAux = (float) config.lambdaAux;
        this.lambdaCons = (float) config.lambdaCons;
    }

    /**
     * @param labels one array (B): targets in units of the scale's maximum
     * @param predictions the network's named outputs
     * @return the scalar loss
     */
    @Override
    public NDArray evaluate(NDList labels, NDList predictions) {
        NDArray y = labels.singletonOrThrow().reshape(-1);
        NDArray loss = smoothL1(predictions.get(PlegdfFglscfNet.SCORE), y);
        if (predictions.contains(PlegdfFglscfNet.AUX_GLOBAL)) {
            NDArray yg = predictions.get(PlegdfFglscfNet.AUX_GLOBAL);
            NDArray yl = predictions.get(PlegdfFglscfNet.AUX_LOCAL);
            // Scalar factors through Tensors.scaled: autograd keeps them for the backward pass.
            loss = loss.add(Tensors.scaled(smoothL1(yg, y).add(smoothL1(yl, y)), lambdaAux));
            loss = loss.add(Tensors.scaled(yg.sub(yl).square().mean(), lambdaCons));
        }
        return loss;
    }

    /**
     * @param pred predictions (B)
     * @param target targets (B)
     * @return mean SmoothL1 with beta 1
     */
    static NDArray smoothL1(NDArray pred, NDArray target) {
        NDArray d = pred.sub(target).abs();
        NDArray quadratic = Tensors.scaled(d.square(), 0.5);
        NDArray linear = d.sub(0.5);
        return NDArrays.where(d.lt(1.0), quadratic, linear).mean();
    }
}
